#include "library/sqlite_database.h"

#include <sqlite3.h>

#include <utility>

#include "library/sqlite_error.h"

namespace pixart::library {

SqliteDatabase::SqliteDatabase(const std::string& path, Mode mode) : path_(path) {
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw SqliteError(error_kind_for_sqlite(rc), rc & 0xff,
                          path + ": cannot open the database: " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
}

SqliteDatabase::~SqliteDatabase() {
    // close_v2 defers the close until every statement is finalised, so it cannot fail here.
    sqlite3_close_v2(db_);
}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

bool SqliteDatabase::is_read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

void SqliteDatabase::exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string text = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw SqliteError(error_kind_for_sqlite(rc), rc & 0xff, path_ + ": " + text);
    }
}

SqliteStatement SqliteDatabase::prepare(const std::string& sql) {
    return SqliteStatement(db_, path_, sql);
}

std::string SqliteDatabase::query_text(const std::string& sql) {
    SqliteStatement statement = prepare(sql);
    return statement.step() ? statement.column_text(0) : std::string();
}

std::int64_t SqliteDatabase::query_int64(const std::string& sql) {
    SqliteStatement statement = prepare(sql);
    return statement.step() ? statement.column_int64(0) : 0;
}

void SqliteDatabase::keep_wal_on_close() {
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

std::int64_t SqliteDatabase::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int SqliteDatabase::changes() const { return sqlite3_changes(db_); }

}  // namespace pixart::library
