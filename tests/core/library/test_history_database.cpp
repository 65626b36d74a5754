#include "library/history_database.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "api/errors.h"
#include "library/history_schema.h"
#include "library/sqlite_database.h"
#include "library_test_data.h"
#include "support/shared_data.h"

using pixart::Error;
using pixart::ErrorKind;
using pixart::HistoryQuery;
using pixart::HistoryRecord;
using pixart::PromptOrder;
using pixart::PromptQuery;
using pixart::library::HistoryDatabase;
using pixart::library::HistorySchema;
using pixart::library::SqliteDatabase;
using pixart::test::sample_record;
using pixart::test::TempDir;

namespace {

void expect_same_record(const HistoryRecord& a, const HistoryRecord& b) {
    EXPECT_EQ(a.metadata.prompt, b.metadata.prompt);
    EXPECT_EQ(a.metadata.negative_prompt, b.metadata.negative_prompt);
    EXPECT_EQ(a.metadata.seed, b.metadata.seed);
    EXPECT_EQ(a.metadata.steps, b.metadata.steps);
    EXPECT_EQ(a.metadata.guidance_scale, b.metadata.guidance_scale);
    EXPECT_EQ(a.metadata.sampler, b.metadata.sampler);
    EXPECT_EQ(a.metadata.width, b.metadata.width);
    EXPECT_EQ(a.metadata.height, b.metadata.height);
    EXPECT_EQ(a.metadata.model, b.metadata.model);
    EXPECT_EQ(a.model_path, b.model_path);
    EXPECT_EQ(a.metadata.clean_caption, b.metadata.clean_caption);
    EXPECT_EQ(a.metadata.resolution_binning, b.metadata.resolution_binning);
    EXPECT_EQ(a.metadata.max_sequence_length, b.metadata.max_sequence_length);
    EXPECT_EQ(a.metadata.images_per_prompt, b.metadata.images_per_prompt);
    EXPECT_EQ(a.metadata.batch_size, b.metadata.batch_size);
    EXPECT_EQ(a.metadata.batch_index, b.metadata.batch_index);
    EXPECT_EQ(a.metadata.duration_seconds, b.metadata.duration_seconds);
    EXPECT_EQ(a.file, b.file);
    EXPECT_EQ(a.metadata.created, b.metadata.created);
    EXPECT_EQ(a.favourite, b.favourite);
    EXPECT_EQ(a.extra_json, b.extra_json);
}

std::vector<std::string> prompts_of(const std::vector<HistoryRecord>& records) {
    std::vector<std::string> prompts;
    for (const HistoryRecord& r : records) prompts.push_back(r.metadata.prompt);
    return prompts;
}

HistoryQuery search(const std::string& text) {
    HistoryQuery q;
    q.text = text;
    return q;
}

class HistoryDatabaseTest : public ::testing::Test {
  protected:
    std::string path() const { return dir_.file("history.sqlite"); }
    std::int64_t add(HistoryDatabase& db, const std::string& prompt, const std::string& created,
                     const std::string& negative = "") {
        HistoryRecord r = sample_record(prompt, created);
        r.metadata.negative_prompt = negative;
        return db.insert(r);
    }
    TempDir dir_;
};

TEST_F(HistoryDatabaseTest, InsertAndGetRoundTripEveryField) {
    HistoryDatabase db(path());
    EXPECT_TRUE(db.open_report().empty());
    EXPECT_EQ(db.schema_version(), HistorySchema::kCurrentVersion);

    HistoryRecord first = sample_record("a small cactus with a happy face in the sahara desert");
    first.metadata.seed = 4294967295u;  // 2^32-1
    first.favourite = true;
    HistoryRecord second = sample_record("кактус в пустыне, 砂漠のサボテン — «café» 🌵");
    second.metadata.seed =
        std::numeric_limits<std::uint64_t>::max();  // 2^64-1: the sign bit in SQLite
    second.metadata.negative_prompt = "";
    second.extra_json = "";
    HistoryRecord third = sample_record("seed with the top bit set");
    third.metadata.seed = (std::uint64_t{1} << 63) + 5;

    const std::int64_t id1 = db.insert(first);
    const std::int64_t id2 = db.insert(second);
    const std::int64_t id3 = db.insert(third);
    EXPECT_GT(id1, 0);
    EXPECT_GT(id2, id1);
    EXPECT_GT(id3, id2);

    for (const auto& [id, expected] : std::vector<std::pair<std::int64_t, HistoryRecord>>{
             {id1, first}, {id2, second}, {id3, third}}) {
        const std::optional<HistoryRecord> got = db.get(id);
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(got->id, id);
        expect_same_record(*got, expected);
    }
    EXPECT_FALSE(db.get(id3 + 100).has_value());
}

TEST_F(HistoryDatabaseTest, FullTextSearchFindsWordsAndPrefixes) {
    HistoryDatabase db(path());
    add(db, "a small cactus in the sahara desert", "2026-01-01T00:00:01Z", "blurry");
    add(db, "a lighthouse at night, oil painting", "2026-01-01T00:00:02Z", "cactus");
    add(db, "Café au lait on a wooden table", "2026-01-01T00:00:03Z");
    add(db, "кактус в пустыне", "2026-01-01T00:00:04Z");
    add(db, "desert dunes at sunset", "2026-01-01T00:00:05Z");

    // Whole word, in the prompt or the negative prompt, newest first.
    EXPECT_EQ(prompts_of(db.list(search("cactus"))),
              (std::vector<std::string>{"a lighthouse at night, oil painting",
                                        "a small cactus in the sahara desert"}));
    // Prefix, any case.
    EXPECT_EQ(prompts_of(db.list(search("CACT sahar"))),
              (std::vector<std::string>{"a small cactus in the sahara desert"}));
    // Every word must match.
    EXPECT_EQ(db.count(search("desert")), 2);
    EXPECT_EQ(db.count(search("desert sunset")), 1);
    EXPECT_EQ(db.count(search("desert lighthouse")), 0);
    // Accents are ignored; non-Latin scripts work.
    EXPECT_EQ(prompts_of(db.list(search("cafe"))),
              (std::vector<std::string>{"Café au lait on a wooden table"}));
    EXPECT_EQ(prompts_of(db.list(search("какт"))), (std::vector<std::string>{"кактус в пустыне"}));
    // Nothing to search for = everything.
    EXPECT_EQ(db.count(search("")), 5);
    EXPECT_EQ(db.count(search("   ")), 5);
}

TEST_F(HistoryDatabaseTest, SearchTakesQuotesAndOperatorsLiterally) {
    HistoryDatabase db(path());
    add(db, "cat and dog \"best friends\" (sketch)", "2026-01-01T00:00:01Z");
    add(db, "a lonely cat", "2026-01-01T00:00:02Z");

    const std::vector<std::string> hostile = {"\"",         "\"cat",     "cat\"",
                                              "\"\"",       "'",         "(",
                                              ")",          "cat OR",    "OR",
                                              "AND",        "NOT",       "NEAR(cat dog)",
                                              "prompt:cat", "{prompt}:", "^cat",
                                              "*",          "cat*",      "-dog",
                                              "+",          "a\"b\"c",   "cat) OR (dog",
                                              "\\",         "%_",        "NEAR",
                                              "col : (x",   "🌵",         "negative_prompt:dog"};
    for (const std::string& text : hostile) {
        EXPECT_NO_THROW(db.list(search(text))) << text;
        EXPECT_NO_THROW(db.count(search(text))) << text;
        PromptQuery pq;
        pq.text = text;
        EXPECT_NO_THROW(db.prompt_usage(pq)) << text;
    }
    // Operators are words: "AND" finds the prompt containing "and", not a syntax error.
    EXPECT_EQ(prompts_of(db.list(search("AND"))),
              (std::vector<std::string>{"cat and dog \"best friends\" (sketch)"}));
    EXPECT_EQ(db.count(search("cat OR")), 0);  // no prompt has a word starting with "or"
    EXPECT_EQ(db.count(search("\"best friends\"")), 1);
    EXPECT_EQ(db.count(search("(sketch)")), 1);
    EXPECT_EQ(db.count(search("NOT")), 0);
    EXPECT_EQ(db.count(search("\"")), 2);  // only punctuation: no filter
}

TEST_F(HistoryDatabaseTest, FavouritesFilter) {
    HistoryDatabase db(path());
    const std::int64_t a = add(db, "first cactus", "2026-01-01T00:00:01Z");
    add(db, "second cactus", "2026-01-01T00:00:02Z");
    const std::int64_t c = add(db, "third lighthouse", "2026-01-01T00:00:03Z");

    HistoryQuery favourites;
    favourites.favourites_only = true;
    EXPECT_TRUE(db.list(favourites).empty());

    EXPECT_TRUE(db.set_favourite(a, true));
    EXPECT_TRUE(db.set_favourite(c, true));
    EXPECT_FALSE(db.set_favourite(c + 100, true));
    EXPECT_EQ(prompts_of(db.list(favourites)),
              (std::vector<std::string>{"third lighthouse", "first cactus"}));

    favourites.text = "cactus";
    EXPECT_EQ(prompts_of(db.list(favourites)), (std::vector<std::string>{"first cactus"}));
    EXPECT_EQ(db.count(favourites), 1);

    EXPECT_TRUE(db.set_favourite(a, false));
    EXPECT_EQ(db.count(favourites), 0);
    EXPECT_TRUE(db.get(c)->favourite);
    EXPECT_FALSE(db.get(a)->favourite);
}

TEST_F(HistoryDatabaseTest, ListsNewestFirstWithPaging) {
    HistoryDatabase db(path());
    // Inserted out of time order; two share a timestamp (the later id comes first).
    add(db, "middle", "2026-03-01T10:00:00.000Z");
    add(db, "oldest", "2025-12-31T23:59:59.999Z");
    add(db, "newest", "2026-03-01T10:00:00.001Z");
    add(db, "middle twin", "2026-03-01T10:00:00.000Z");

    HistoryQuery all;
    EXPECT_EQ(prompts_of(db.list(all)),
              (std::vector<std::string>{"newest", "middle twin", "middle", "oldest"}));
    HistoryQuery page;
    page.limit = 2;
    page.offset = 1;
    EXPECT_EQ(prompts_of(db.list(page)), (std::vector<std::string>{"middle twin", "middle"}));
    page.offset = 3;
    EXPECT_EQ(prompts_of(db.list(page)), (std::vector<std::string>{"oldest"}));
    EXPECT_EQ(db.count(page), 4);
}

TEST_F(HistoryDatabaseTest, RemoveDeletesRowAndSearchEntry) {
    HistoryDatabase db(path());
    const std::int64_t a = add(db, "unique zebra", "2026-01-01T00:00:01Z");
    add(db, "another zebra", "2026-01-01T00:00:02Z");
    EXPECT_TRUE(db.remove(a));
    EXPECT_FALSE(db.remove(a));
    EXPECT_FALSE(db.get(a).has_value());
    EXPECT_EQ(db.count(search("unique")), 0);
    EXPECT_EQ(db.count(search("zebra")), 1);
    // A deleted id is never handed out again.
    EXPECT_GT(add(db, "later", "2026-01-01T00:00:03Z"), a + 1);
}

TEST_F(HistoryDatabaseTest, ReopenKeepsEverything) {
    std::int64_t id = 0;
    {
        HistoryDatabase db(path());
        HistoryRecord r = sample_record("persisted prompt");
        r.metadata.seed = 4294967295u;
        id = db.insert(r);
        db.set_favourite(id, true);
    }
    HistoryDatabase reopened(path());
    EXPECT_TRUE(reopened.open_report().empty());
    const std::optional<HistoryRecord> got = reopened.get(id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->metadata.prompt, "persisted prompt");
    EXPECT_EQ(got->metadata.seed, 4294967295u);
    EXPECT_TRUE(got->favourite);
    EXPECT_EQ(reopened.count(search("persisted")), 1);

    SqliteDatabase raw(path(), SqliteDatabase::Mode::ReadOnly);
    EXPECT_EQ(raw.query_text("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(raw.query_int64("PRAGMA user_version"), HistorySchema::kCurrentVersion);
}

TEST_F(HistoryDatabaseTest, MigratesVersion2RowsToTheirBatchSize) {
    std::int64_t id = 0;
    {
        HistoryDatabase db(path());
        HistoryRecord record = sample_record("a batch of four", "2026-01-01T00:00:00Z");
        record.metadata.images_per_prompt = 4;
        record.metadata.batch_size = 8;
        id = db.insert(record);
    }
    {
        // Back to version 2 as it shipped: no batch_size column.
        SqliteDatabase raw(path(), SqliteDatabase::Mode::ReadWriteCreate);
        raw.exec(
            "DROP TABLE pending_generations; ALTER TABLE generations DROP COLUMN batch_size; "
            "PRAGMA user_version = 2;");
    }
    HistoryDatabase db(path());
    EXPECT_EQ(db.schema_version(), HistorySchema::kCurrentVersion);
    const std::optional<HistoryRecord> got = db.get(id);
    ASSERT_TRUE(got.has_value());
    // Version 2 rows come from the studio (one prompt per batch): batch size = images per prompt.
    EXPECT_EQ(got->metadata.images_per_prompt, 4);
    EXPECT_EQ(got->metadata.batch_size, 4);
    EXPECT_EQ(got->metadata.batch_index, 3);
    // New rows keep theirs.
    HistoryRecord two_prompts = sample_record("one of two prompts", "2026-01-02T00:00:00Z");
    two_prompts.metadata.batch_size = 8;
    EXPECT_EQ(db.get(db.insert(two_prompts))->metadata.batch_size, 8);
}

TEST_F(HistoryDatabaseTest, TwoConnectionsShareTheFile) {
    HistoryDatabase writer(path());
    HistoryDatabase reader(path());
    add(writer, "from the writer", "2026-01-01T00:00:01Z");
    add(reader, "from the reader", "2026-01-01T00:00:02Z");
    EXPECT_EQ(prompts_of(reader.list({})),
              (std::vector<std::string>{"from the reader", "from the writer"}));
    EXPECT_EQ(writer.count({}), 2);
}

TEST_F(HistoryDatabaseTest, PromptStatisticsByUseAndRecency) {
    HistoryDatabase db(path());
    add(db, "red cactus", "2026-01-01T00:00:01Z");
    add(db, "blue lighthouse", "2026-01-01T00:00:02Z");
    add(db, "red cactus", "2026-01-01T00:00:03Z");
    const std::int64_t newest_cactus = add(db, "red cactus", "2026-01-01T00:00:04Z");
    add(db, "blue lighthouse", "2026-01-01T00:00:05Z");
    const std::int64_t green = add(db, "green desert", "2026-01-01T00:00:06Z", "cactus");

    PromptQuery most_used;
    most_used.order = PromptOrder::MostUsed;
    const std::vector<pixart::PromptUsage> used = db.prompt_usage(most_used);
    ASSERT_EQ(used.size(), 3u);
    EXPECT_EQ(used[0].prompt, "red cactus");
    EXPECT_EQ(used[0].uses, 3);
    EXPECT_EQ(used[0].last_used, "2026-01-01T00:00:04Z");
    EXPECT_EQ(used[0].last_id, newest_cactus);
    EXPECT_EQ(used[1].prompt, "blue lighthouse");
    EXPECT_EQ(used[1].uses, 2);
    EXPECT_EQ(used[2].prompt, "green desert");
    EXPECT_EQ(used[2].uses, 1);

    PromptQuery recent;
    const std::vector<pixart::PromptUsage> latest = db.prompt_usage(recent);
    ASSERT_EQ(latest.size(), 3u);
    EXPECT_EQ(latest[0].prompt, "green desert");
    EXPECT_EQ(latest[0].last_id, green);
    EXPECT_EQ(latest[1].prompt, "blue lighthouse");
    EXPECT_EQ(latest[2].prompt, "red cactus");

    // Search looks at the prompt only: "cactus" in green desert's negative prompt is no hit.
    recent.text = "cact";
    const std::vector<pixart::PromptUsage> found = db.prompt_usage(recent);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].prompt, "red cactus");
    EXPECT_EQ(found[0].uses, 3);

    most_used.limit = 1;
    most_used.offset = 1;
    ASSERT_EQ(db.prompt_usage(most_used).size(), 1u);
    EXPECT_EQ(db.prompt_usage(most_used)[0].prompt, "blue lighthouse");
}

TEST_F(HistoryDatabaseTest, MigratesAHandWrittenVersion1Database) {
    {
        // Version 1 as the first release wrote it: no favourites, no FTS, `model` column.
        SqliteDatabase v1(path(), SqliteDatabase::Mode::ReadWriteCreate);
        v1.exec(R"sql(
            CREATE TABLE generations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                prompt TEXT NOT NULL,
                negative_prompt TEXT NOT NULL DEFAULT '',
                seed INTEGER NOT NULL,
                steps INTEGER NOT NULL,
                guidance_scale REAL NOT NULL,
                sampler TEXT NOT NULL,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                model TEXT NOT NULL DEFAULT '',
                duration_seconds REAL NOT NULL DEFAULT 0,
                file TEXT NOT NULL,
                created TEXT NOT NULL);
            CREATE INDEX generations_created ON generations(created);
            INSERT INTO generations (prompt, negative_prompt, seed, steps, guidance_scale,
                sampler, width, height, model, duration_seconds, file, created)
            VALUES ('an old cactus', 'blurry', 4294967295, 20, 4.5, 'dpm++2m', 1024, 1024,
                    'PixArt-Sigma-XL-2-1024-MS', 31.5, '2025-05-01/old.png',
                    '2025-05-01T08:00:00Z'),
                   ('an old lighthouse', '', 7, 30, 7.0, 'dpm++2m', 512, 768, 'tiny', 2.0,
                    '2025-05-02/old2.png', '2025-05-02T08:00:00Z');
            PRAGMA user_version = 1;)sql");
    }
    HistoryDatabase db(path());
    EXPECT_EQ(db.schema_version(), HistorySchema::kCurrentVersion);
    EXPECT_TRUE(db.open_report().empty());

    const std::vector<HistoryRecord> rows = db.list({});
    ASSERT_EQ(rows.size(), 2u);
    const HistoryRecord& cactus = rows[1];
    EXPECT_EQ(cactus.metadata.prompt, "an old cactus");
    EXPECT_EQ(cactus.metadata.negative_prompt, "blurry");
    EXPECT_EQ(cactus.metadata.seed, 4294967295u);
    EXPECT_EQ(cactus.metadata.steps, 20);
    EXPECT_EQ(cactus.metadata.guidance_scale, 4.5);
    EXPECT_EQ(cactus.metadata.width, 1024);
    EXPECT_EQ(cactus.metadata.model, "PixArt-Sigma-XL-2-1024-MS");  // from the renamed column
    EXPECT_EQ(cactus.metadata.duration_seconds, 31.5);
    EXPECT_EQ(cactus.file, "2025-05-01/old.png");
    EXPECT_EQ(cactus.metadata.created, "2025-05-01T08:00:00Z");
    // New columns carry the defaults the old build generated with.
    EXPECT_FALSE(cactus.favourite);
    EXPECT_TRUE(cactus.metadata.resolution_binning);
    EXPECT_FALSE(cactus.metadata.clean_caption);
    EXPECT_EQ(cactus.metadata.max_sequence_length, 300);
    EXPECT_EQ(cactus.metadata.images_per_prompt, 1);
    EXPECT_EQ(cactus.metadata.batch_size, 1);
    EXPECT_EQ(cactus.model_path, "");

    // The old rows are in the new search index, and the new features work on them.
    EXPECT_EQ(db.count(search("cactus")), 1);
    EXPECT_EQ(db.count(search("blurry")), 1);
    EXPECT_TRUE(db.set_favourite(cactus.id, true));
    HistoryQuery favourites;
    favourites.favourites_only = true;
    EXPECT_EQ(db.count(favourites), 1);
    const std::int64_t id = db.insert(sample_record("a new cactus", "2026-01-01T00:00:00Z"));
    EXPECT_GT(id, rows[0].id);
    EXPECT_EQ(db.count(search("cactus")), 2);
}

TEST_F(HistoryDatabaseTest, RefusesADatabaseFromANewerVersion) {
    {
        SqliteDatabase newer(path(), SqliteDatabase::Mode::ReadWriteCreate);
        newer.exec("CREATE TABLE future (x); PRAGMA user_version = 99;");
    }
    try {
        HistoryDatabase db(path());
        ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported) << e.what();
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
    SqliteDatabase check(path(), SqliteDatabase::Mode::ReadOnly);
    EXPECT_EQ(check.query_int64("PRAGMA user_version"), 99);  // left untouched
}

TEST_F(HistoryDatabaseTest, MissingFolderIsAnIoError) {
    try {
        HistoryDatabase db(dir_.file("no/such/folder/history.sqlite"));
        ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Io) << e.what();
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
    }
}

}  // namespace
