#include "library/history_database.h"

#include <algorithm>

#include <sqlite3.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "api/errors.h"
#include "library/fts_match.h"
#include "library/history_schema.h"
#include "library/sqlite_error.h"
#include "library/sqlite_transaction.h"
#include "library/utc_timestamp.h"

namespace fs = std::filesystem;

namespace pixart::library {
namespace {

constexpr const char* kColumns =
    "prompt, negative_prompt, seed, steps, guidance_scale, sampler, width, height, model_name, "
    "model_path, clean_caption, resolution_binning, max_sequence_length, images_per_prompt, "
    "batch_index, duration_seconds, file, created, favourite, extra_json, batch_size";
constexpr const char* kValues =
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
    "?21)";

// Columns are read by name, so rows of any schema version (a salvaged old file) map as far as
// they go; missing columns keep HistoryRecord's defaults.
HistoryRecord read_record(const SqliteStatement& row) {
    HistoryRecord r;
    GenerationMetadata& m = r.metadata;
    bool has_batch_size = false;
    for (int i = 0; i < row.column_count(); ++i) {
        if (row.column_is_null(i)) continue;
        const std::string name = row.column_name(i);
        const auto as_int = [&] { return static_cast<int>(row.column_int64(i)); };
        if (name == "id")
            r.id = row.column_int64(i);
        else if (name == "prompt")
            m.prompt = row.column_text(i);
        else if (name == "negative_prompt")
            m.negative_prompt = row.column_text(i);
        else if (name == "seed")
            m.seed = static_cast<std::uint64_t>(row.column_int64(i));
        else if (name == "steps")
            m.steps = as_int();
        else if (name == "guidance_scale")
            m.guidance_scale = row.column_double(i);
        else if (name == "sampler")
            m.sampler = row.column_text(i);
        else if (name == "width")
            m.width = as_int();
        else if (name == "height")
            m.height = as_int();
        else if (name == "model_name" || name == "model")
            m.model = row.column_text(i);
        else if (name == "model_path")
            r.model_path = row.column_text(i);
        else if (name == "clean_caption")
            m.clean_caption = row.column_int64(i) != 0;
        else if (name == "resolution_binning")
            m.resolution_binning = row.column_int64(i) != 0;
        else if (name == "max_sequence_length")
            m.max_sequence_length = as_int();
        else if (name == "images_per_prompt")
            m.images_per_prompt = as_int();
        else if (name == "batch_index")
            m.batch_index = as_int();
        else if (name == "batch_size") {
            m.batch_size = as_int();
            has_batch_size = true;
        } else if (name == "duration_seconds")
            m.duration_seconds = row.column_double(i);
        else if (name == "file")
            r.file = row.column_text(i);
        else if (name == "created")
            m.created = row.column_text(i);
        else if (name == "favourite")
            r.favourite = row.column_int64(i) != 0;
        else if (name == "extra_json")
            r.extra_json = row.column_text(i);
    }
    // A row salvaged from a version-1/2 file: its batches had one prompt (see HistorySchema).
    if (!has_batch_size) m.batch_size = m.images_per_prompt;
    return r;
}

// WHERE clause + its single optional MATCH parameter for gallery queries.
struct Filter {
    std::string where;
    std::string match;
};

Filter gallery_filter(const HistoryQuery& query) {
    Filter filter;
    filter.match = fts_match_expression(query.text);
    std::string conditions;
    if (!filter.match.empty()) {
        conditions += "id IN (SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?1)";
    }
    if (query.favourites_only) {
        if (!conditions.empty()) conditions += " AND ";
        conditions += "favourite = 1";
    }
    if (!conditions.empty()) filter.where = " WHERE " + conditions;
    return filter;
}

bool has_sqlite_header(const std::string& path) {
    static const char kMagic[16] = "SQLite format 3";  // 15 characters + the terminating NUL
    char header[16] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(header, sizeof header);
    return in.gcount() == sizeof header && std::memcmp(header, kMagic, sizeof header) == 0;
}

std::string limit_clause(int limit, int offset) {
    return " LIMIT " + std::to_string(limit > 0 ? limit : -1) + " OFFSET " +
           std::to_string(offset > 0 ? offset : 0);
}

}  // namespace

HistoryDatabase::HistoryDatabase(const std::string& path) : path_(path) {
    const fs::path parent = fs::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty() && !fs::is_directory(parent, ec)) {
        throw Error(ErrorKind::Io, parent.string() +
                                       ": the folder of the history database does "
                                       "not exist");
    }
    try {
        db_ = std::make_unique<SqliteDatabase>(open_checked(path_));
    } catch (const SqliteError& e) {
        if (!e.is_damage()) throw;
        recover_from_damage(e.what());
    }
}

SqliteDatabase HistoryDatabase::open_checked(const std::string& path) {
    // A file that does not even start like a database is judged before SQLite opens it: SQLite
    // would treat a stray -wal beside it as its journal and change it on close.
    std::error_code ec;
    if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) > 0 && !has_sqlite_header(path)) {
        throw SqliteError(ErrorKind::CorruptFile, SQLITE_NOTADB,
                          path +
                              ": not an SQLite database (its first bytes are not an SQLite "
                              "header)");
    }
    SqliteDatabase db(path, SqliteDatabase::Mode::ReadWriteCreate);
    if (db.is_read_only()) {
        throw Error(ErrorKind::Io, path +
                                       ": the history database cannot be written (the file or "
                                       "its folder is read-only)");
    }
    try {
        db.exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs));
        // Reads every page's structure: a damaged b-tree gives report lines instead of "ok".
        const std::string check = db.query_text("PRAGMA quick_check");
        if (check != "ok") {
            throw SqliteError(ErrorKind::CorruptFile, SQLITE_CORRUPT,
                              path + ": integrity check failed: " + check);
        }
        db.query_text("PRAGMA journal_mode = WAL");  // stays in rollback mode where WAL cannot
        db.exec("PRAGMA synchronous = FULL");
        // Sound pages, wrong content: a version this program never writes, or a schema that
        // claims a version without its table. Damage, repaired like a broken page.
        const int version = HistorySchema::version(db);
        if (version < 0) {
            throw SqliteError(ErrorKind::CorruptFile, SQLITE_CORRUPT,
                              path + ": schema version " + std::to_string(version) +
                                  " was never written by PixArt Studio");
        }
        HistorySchema::migrate(db);
        if (db.query_int64("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                           "name = 'generations'") == 0) {
            throw SqliteError(ErrorKind::CorruptFile, SQLITE_CORRUPT,
                              path + ": its generations table is missing");
        }
    } catch (const SqliteError& e) {
        if (e.is_damage()) db.keep_wal_on_close();
        throw;
    }
    return db;
}

void HistoryDatabase::recover_from_damage(const std::string& reason) {
    const std::string aside = move_aside();
    db_ = std::make_unique<SqliteDatabase>(open_checked(path_));

    // Copy what the old file still gives. writable_schema lets SQLite read a file shorter than
    // its header says (cut off by a crash or a full disk) instead of refusing every query; the
    // connection stays read-only. A scan stops at the first damaged page, so when it fails the
    // ids are read one by one: every row on an intact page comes back.
    std::vector<HistoryRecord> rows;
    try {
        SqliteDatabase old(aside, SqliteDatabase::Mode::ReadOnly);
        old.exec("PRAGMA writable_schema = ON");
        bool complete = false;
        try {
            SqliteStatement select = old.prepare("SELECT * FROM generations ORDER BY id");
            while (select.step()) rows.push_back(read_record(select));
            complete = true;
        } catch (const Error&) {
        }
        if (!complete) {
            std::int64_t last = rows.empty() ? 0 : rows.back().id;
            std::int64_t highest = last + 10000;
            try {
                highest =
                    std::max(last, old.query_int64("SELECT seq FROM sqlite_sequence WHERE name = "
                                                   "'generations'"));
            } catch (const Error&) {
            }
            for (std::int64_t id = last + 1; id <= highest; ++id) {
                try {
                    SqliteStatement one = old.prepare("SELECT * FROM generations WHERE id = ?");
                    one.bind_int64(0, id);
                    if (one.step()) rows.push_back(read_record(one));
                } catch (const Error&) {
                    // this row's page is gone: the next one may be fine
                }
            }
        }
    } catch (const Error&) {
        // Not a database at all (garbage, or a header that cannot be parsed).
    }
    std::string copied;
    if (rows.empty()) {
        copied = "no entries could be recovered";
    } else {
        try {
            SqliteTransaction transaction(*db_);
            for (const HistoryRecord& row : rows) insert_row(row);
            transaction.commit();
            copied = std::to_string(rows.size()) + " entries were recovered";
        } catch (const Error& e) {
            copied = "its " + std::to_string(rows.size()) +
                     " readable entries could not be copied (" + e.what() + ")";
        }
    }
    open_report_ = "The history database was damaged (" + reason + "). It was moved to " + aside +
                   " and a new one was created; " + copied + ". No image file was touched.";
}

std::string HistoryDatabase::move_aside() {
    const UtcTime now = to_utc_time(std::chrono::system_clock::now());
    const std::string base = path_ + ".corrupt-" + compact_utc_timestamp(now);
    std::string aside = base;
    std::error_code ec;
    for (int n = 2; fs::exists(aside, ec) || fs::exists(aside + "-wal", ec); ++n) {
        aside = base + "-" + std::to_string(n);
    }
    fs::rename(path_, aside, ec);
    if (ec) {
        throw Error(ErrorKind::Io, path_ +
                                       ": the history database is damaged and could not be "
                                       "moved aside (" +
                                       ec.message() + "); it was left as it is");
    }
    // A stale WAL next to a new database would be replayed into it: keep the set together.
    for (const char* suffix : {"-wal", "-shm"}) {
        if (!fs::exists(path_ + suffix, ec)) continue;
        fs::rename(path_ + suffix, aside + suffix, ec);
        if (ec) {
            throw Error(ErrorKind::Io, path_ + suffix + ": cannot move the damaged database's " +
                                           "journal aside: " + ec.message());
        }
    }
    return aside;
}

int HistoryDatabase::schema_version() { return HistorySchema::version(*db_); }

std::int64_t HistoryDatabase::insert(const HistoryRecord& record) {
    SqliteTransaction transaction(*db_);
    const std::int64_t id = insert_row(record);
    transaction.commit();
    return id;
}

std::int64_t HistoryDatabase::insert_row(const HistoryRecord& r, const char* table) {
    const GenerationMetadata& m = r.metadata;
    SqliteStatement insert =
        db_->prepare(std::string("INSERT INTO ") + table + " (" + kColumns + ") VALUES " + kValues);
    insert.bind_text(0, m.prompt)
        .bind_text(1, m.negative_prompt)
        .bind_int64(2, static_cast<std::int64_t>(m.seed))
        .bind_int64(3, m.steps)
        .bind_double(4, m.guidance_scale)
        .bind_text(5, m.sampler)
        .bind_int64(6, m.width)
        .bind_int64(7, m.height)
        .bind_text(8, m.model)
        .bind_text(9, r.model_path)
        .bind_int64(10, m.clean_caption ? 1 : 0)
        .bind_int64(11, m.resolution_binning ? 1 : 0)
        .bind_int64(12, m.max_sequence_length)
        .bind_int64(13, m.images_per_prompt)
        .bind_int64(14, m.batch_index)
        .bind_double(15, m.duration_seconds)
        .bind_text(16, r.file)
        .bind_text(17, m.created)
        .bind_int64(18, r.favourite ? 1 : 0)
        .bind_text(19, r.extra_json)
        .bind_int64(20, m.batch_size);
    insert.run();
    return db_->last_insert_rowid();
}

void HistoryDatabase::journal_pending(const HistoryRecord& record,
                                      const std::string& replaces_file) {
    SqliteTransaction transaction(*db_);
    if (!replaces_file.empty()) forget_pending_row(replaces_file);
    insert_row(record, "pending_generations");
    transaction.commit();
}

std::int64_t HistoryDatabase::complete_pending(const HistoryRecord& record) {
    SqliteTransaction transaction(*db_);
    forget_pending_row(record.file);
    // An open elsewhere may have adopted it between the rename and now: then it has its id.
    SqliteStatement existing = db_->prepare("SELECT id FROM generations WHERE file = ?1");
    existing.bind_text(0, record.file);
    const std::int64_t id = existing.step() ? existing.column_int64(0) : insert_row(record);
    transaction.commit();
    return id;
}

void HistoryDatabase::forget_pending(const std::string& file) {
    SqliteTransaction transaction(*db_);
    forget_pending_row(file);
    transaction.commit();
}

void HistoryDatabase::forget_pending_row(const std::string& file) {
    SqliteStatement remove = db_->prepare("DELETE FROM pending_generations WHERE file = ?1");
    remove.bind_text(0, file);
    remove.run();
}

int HistoryDatabase::recover_pending(
    const std::function<bool(const std::string& file)>& file_exists) {
    if (db_->query_int64("SELECT count(*) FROM pending_generations") == 0) return 0;
    SqliteTransaction transaction(*db_);
    std::vector<HistoryRecord> pending;
    {
        SqliteStatement select = db_->prepare("SELECT * FROM pending_generations");
        while (select.step()) pending.push_back(read_record(select));
    }
    int adopted = 0;
    for (const HistoryRecord& record : pending) {
        forget_pending_row(record.file);
        if (!file_exists(record.file)) continue;
        SqliteStatement existing = db_->prepare("SELECT id FROM generations WHERE file = ?1");
        existing.bind_text(0, record.file);
        if (existing.step()) continue;
        insert_row(record);
        ++adopted;
    }
    transaction.commit();
    return adopted;
}

std::optional<HistoryRecord> HistoryDatabase::get(std::int64_t id) {
    SqliteStatement select = db_->prepare("SELECT * FROM generations WHERE id = ?1");
    select.bind_int64(0, id);
    if (!select.step()) return std::nullopt;
    return read_record(select);
}

std::vector<HistoryRecord> HistoryDatabase::list(const HistoryQuery& query) {
    const Filter filter = gallery_filter(query);
    SqliteStatement select =
        db_->prepare("SELECT * FROM generations" + filter.where +
                     " ORDER BY created DESC, id DESC" + limit_clause(query.limit, query.offset));
    if (!filter.match.empty()) select.bind_text(0, filter.match);
    std::vector<HistoryRecord> records;
    while (select.step()) records.push_back(read_record(select));
    return records;
}

std::int64_t HistoryDatabase::count(const HistoryQuery& query) {
    const Filter filter = gallery_filter(query);
    SqliteStatement select = db_->prepare("SELECT COUNT(*) FROM generations" + filter.where);
    if (!filter.match.empty()) select.bind_text(0, filter.match);
    return select.step() ? select.column_int64(0) : 0;
}

bool HistoryDatabase::set_favourite(std::int64_t id, bool favourite) {
    SqliteStatement update = db_->prepare("UPDATE generations SET favourite = ?1 WHERE id = ?2");
    update.bind_int64(0, favourite ? 1 : 0).bind_int64(1, id);
    update.run();
    return db_->changes() > 0;
}

bool HistoryDatabase::remove(std::int64_t id) {
    SqliteTransaction transaction(*db_);
    SqliteStatement remove = db_->prepare("DELETE FROM generations WHERE id = ?1");
    remove.bind_int64(0, id);
    remove.run();
    const bool removed = db_->changes() > 0;
    transaction.commit();
    return removed;
}

std::vector<PromptUsage> HistoryDatabase::prompt_usage(const PromptQuery& query) {
    const std::string match = fts_match_expression(query.text, "prompt");
    // With a single MAX() aggregate SQLite takes the bare column `id` from the row holding the
    // maximum: the newest generation of each prompt.
    std::string sql =
        "SELECT prompt, COUNT(*) AS uses, MAX(created) AS last_used, id AS last_id "
        "FROM generations";
    if (!match.empty()) {
        sql += " WHERE id IN (SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?1)";
    }
    sql += " GROUP BY prompt ORDER BY ";
    sql += query.order == PromptOrder::MostUsed ? "uses DESC, last_used DESC, last_id DESC"
                                                : "last_used DESC, last_id DESC";
    sql += limit_clause(query.limit, query.offset);
    SqliteStatement select = db_->prepare(sql);
    if (!match.empty()) select.bind_text(0, match);
    std::vector<PromptUsage> usage;
    while (select.step()) {
        PromptUsage u;
        u.prompt = select.column_text(0);
        u.uses = select.column_int64(1);
        u.last_used = select.column_text(2);
        u.last_id = select.column_int64(3);
        usage.push_back(std::move(u));
    }
    return usage;
}

}  // namespace pixart::library
