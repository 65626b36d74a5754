// A damaged history database is moved aside (never deleted), replaced, salvaged and reported.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "api/errors.h"
#include "library/history_database.h"
#include "library/sqlite_database.h"
#include "library_test_data.h"
#include "support/shared_data.h"

namespace fs = std::filesystem;
using pixart::HistoryRecord;
using pixart::library::HistoryDatabase;
using pixart::library::SqliteDatabase;
using pixart::test::read_bytes;
using pixart::test::sample_record;
using pixart::test::TempDir;

namespace {

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Database files only, not their -wal/-shm companions.
std::vector<fs::path> files_starting_with(const std::string& folder, const std::string& prefix) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        const bool journal = name.size() > 4 && (name.compare(name.size() - 4, 4, "-wal") == 0 ||
                                                 name.compare(name.size() - 4, 4, "-shm") == 0);
        if (name.rfind(prefix, 0) == 0 && !journal) found.push_back(entry.path());
    }
    return found;
}

TEST(HistoryRecovery, GarbageFileIsMovedAsideAndReplaced) {
    TempDir dir;
    const std::string path = dir.file("history.sqlite");
    std::string garbage = "this is not an SQLite database at all\n";
    for (int i = 0; i < 300; ++i) garbage += static_cast<char>((i * 37 + 11) & 0xff);
    write_bytes(path, garbage);
    // A stale journal must travel with it: replayed into the new database it would do harm.
    const std::string stale_wal = "stale write-ahead log";
    write_bytes(path + "-wal", stale_wal);

    HistoryDatabase db(path);
    EXPECT_NE(db.open_report().find("damaged"), std::string::npos) << db.open_report();
    EXPECT_NE(db.open_report().find("history.sqlite.corrupt-"), std::string::npos)
        << db.open_report();
    EXPECT_NE(db.open_report().find("no entries could be recovered"), std::string::npos)
        << db.open_report();

    // The damaged bytes are kept, byte for byte, next to the new database.
    const std::vector<fs::path> aside = files_starting_with(dir.path(), "history.sqlite.corrupt-");
    ASSERT_EQ(aside.size(), 1u);
    EXPECT_EQ(read_bytes(aside[0].string()), garbage);
    EXPECT_EQ(read_bytes(aside[0].string() + "-wal"), stale_wal);
    EXPECT_NE(db.open_report().find(aside[0].string()), std::string::npos);

    // The new database works and persists.
    const std::int64_t id = db.insert(sample_record("after the repair"));
    EXPECT_EQ(db.get(id)->metadata.prompt, "after the repair");
    HistoryDatabase reopened(path);
    EXPECT_TRUE(reopened.open_report().empty()) << reopened.open_report();
    EXPECT_EQ(reopened.count({}), 1);
}

TEST(HistoryRecovery, SecondDamageGetsItsOwnAsideName) {
    TempDir dir;
    const std::string path = dir.file("history.sqlite");
    write_bytes(path, std::string(512, 'x'));
    { HistoryDatabase first(path); }
    // Still the same second: the aside name must not collide with the first one.
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    write_bytes(path, std::string(512, 'y'));
    HistoryDatabase second(path);
    EXPECT_FALSE(second.open_report().empty());
    EXPECT_EQ(files_starting_with(dir.path(), "history.sqlite.corrupt-").size(), 2u);
}

TEST(HistoryRecovery, DamagedIndexIsRepairedAndRowsAreRecovered) {
    TempDir dir;
    const std::string path = dir.file("history.sqlite");
    const int rows = 60;
    {
        HistoryDatabase db(path);
        for (int i = 0; i < rows; ++i) {
            HistoryRecord r = sample_record("prompt number " + std::to_string(i) + " " +
                                            std::string(200, static_cast<char>('a' + i % 26)));
            r.metadata.seed = static_cast<std::uint64_t>(i);
            db.insert(r);
        }
    }  // the last connection closes: the WAL is checkpointed into the file

    // Overwrite the root page of the prompt index; the table itself stays readable.
    std::int64_t root_page = 0;
    std::int64_t page_size = 0;
    {
        SqliteDatabase raw(path, SqliteDatabase::Mode::ReadOnly);
        root_page =
            raw.query_int64("SELECT rootpage FROM sqlite_master WHERE name = 'generations_prompt'");
        page_size = raw.query_int64("PRAGMA page_size");
    }
    ASSERT_GT(root_page, 1);
    ASSERT_FALSE(fs::exists(path + "-wal") && fs::file_size(path + "-wal") > 0);
    {
        std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
        file.seekp((root_page - 1) * page_size);
        const std::string junk(static_cast<std::size_t>(page_size), '\x5a');
        file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }

    HistoryDatabase repaired(path);
    EXPECT_NE(repaired.open_report().find("integrity check failed"), std::string::npos)
        << repaired.open_report();
    EXPECT_NE(repaired.open_report().find(std::to_string(rows) + " entries were recovered"),
              std::string::npos)
        << repaired.open_report();
    EXPECT_EQ(repaired.count({}), rows);
    pixart::HistoryQuery query;
    query.text = "number 17";
    const std::vector<HistoryRecord> found = repaired.list(query);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].metadata.seed, 17u);
    EXPECT_EQ(files_starting_with(dir.path(), "history.sqlite.corrupt-").size(), 1u);
}

// The file cut short by its last page (a crash while the disk filled up): a scan of the table
// stops at the missing page, but the rows on the pages that are still there are read one by
// one, by id, and kept.
TEST(HistoryRecovery, TruncatedFileKeepsTheRowsOfIntactPages) {
    TempDir dir;
    const std::string path = dir.file("history.sqlite");
    const int rows = 60;
    {
        HistoryDatabase db(path);
        for (int i = 0; i < rows; ++i) {
            HistoryRecord r = sample_record("prompt number " + std::to_string(i) + " " +
                                            std::string(300, static_cast<char>('a' + i % 26)));
            r.metadata.seed = static_cast<std::uint64_t>(i);
            db.insert(r);
        }
    }
    std::int64_t page_size = 0;
    {
        SqliteDatabase raw(path, SqliteDatabase::Mode::ReadOnly);
        page_size = raw.query_int64("PRAGMA page_size");
    }
    // The last page is gone; the header still counts it.
    const auto size = static_cast<std::int64_t>(fs::file_size(path));
    fs::resize_file(path, static_cast<std::uintmax_t>(size - page_size));

    HistoryDatabase repaired(path);
    const std::string report = repaired.open_report();
    EXPECT_NE(report.find("was damaged"), std::string::npos) << report;
    const std::int64_t kept = repaired.count({});
    EXPECT_GT(kept, rows / 2) << report;
    EXPECT_NE(report.find(std::to_string(kept) + " entries were recovered"), std::string::npos)
        << report;
    // The rows kept are the original ones, seed for seed.
    for (const HistoryRecord& r : repaired.list({})) {
        EXPECT_NE(r.metadata.prompt.find("prompt number " + std::to_string(r.metadata.seed) + " "),
                  std::string::npos);
    }
}

// Sound pages, wrong content: a schema version never written, or a version without its table,
// was exit 1 (internal); now it is repaired like any damage, the readable rows kept.
TEST(HistoryRecovery, ImpossibleSchemasAreRepairedLikeDamage) {
    TempDir dir;
    const std::string path = dir.file("history.sqlite");
    {
        HistoryDatabase db(path);
        for (int i = 0; i < 3; ++i) db.insert(sample_record("entry " + std::to_string(i)));
    }
    {
        SqliteDatabase raw(path, SqliteDatabase::Mode::ReadWriteCreate);
        raw.exec("PRAGMA user_version = -1");
    }
    {
        HistoryDatabase repaired(path);
        EXPECT_NE(repaired.open_report().find("schema version -1 was never written"),
                  std::string::npos)
            << repaired.open_report();
        EXPECT_EQ(repaired.count({}), 3);
    }
    {
        SqliteDatabase raw(path, SqliteDatabase::Mode::ReadWriteCreate);
        raw.exec("DROP TABLE generations");
    }
    HistoryDatabase repaired(path);
    EXPECT_NE(repaired.open_report().find("its generations table is missing"), std::string::npos)
        << repaired.open_report();
    EXPECT_EQ(repaired.count({}), 0);
    EXPECT_EQ(files_starting_with(dir.path(), "history.sqlite.corrupt-").size(), 2u);
}

}  // namespace
