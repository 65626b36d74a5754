#include "library/sqlite_statement.h"

#include <sqlite3.h>

#include <utility>

#include "library/sqlite_error.h"

namespace pixart::library {

SqliteStatement::SqliteStatement(sqlite3* db, const std::string& db_path, const std::string& sql)
    : db_(db), db_path_(db_path) {
    const int rc =
        sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement_, nullptr);
    if (rc != SQLITE_OK) fail(rc, "cannot prepare a query");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_),
      statement_(std::exchange(other.statement_, nullptr)),
      db_path_(std::move(other.db_path_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(statement_);
        db_ = other.db_;
        statement_ = std::exchange(other.statement_, nullptr);
        db_path_ = std::move(other.db_path_);
    }
    return *this;
}

SqliteStatement& SqliteStatement::bind_int64(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(statement_, index + 1, value);
    if (rc != SQLITE_OK) fail(rc, "cannot bind a value");
    return *this;
}

SqliteStatement& SqliteStatement::bind_double(int index, double value) {
    const int rc = sqlite3_bind_double(statement_, index + 1, value);
    if (rc != SQLITE_OK) fail(rc, "cannot bind a value");
    return *this;
}

SqliteStatement& SqliteStatement::bind_text(int index, const std::string& value) {
    const int rc = sqlite3_bind_text64(statement_, index + 1, value.data(), value.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(rc, "cannot bind a value");
    return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
    const int rc = sqlite3_bind_null(statement_, index + 1);
    if (rc != SQLITE_OK) fail(rc, "cannot bind a value");
    return *this;
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(rc, "query failed");
}

void SqliteStatement::run() {
    while (step()) {
    }
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

int SqliteStatement::column_count() const { return sqlite3_column_count(statement_); }

std::string SqliteStatement::column_name(int index) const {
    const char* name = sqlite3_column_name(statement_, index);
    return name != nullptr ? name : "";
}

bool SqliteStatement::column_is_null(int index) const {
    return sqlite3_column_type(statement_, index) == SQLITE_NULL;
}

std::int64_t SqliteStatement::column_int64(int index) const {
    return sqlite3_column_int64(statement_, index);
}

double SqliteStatement::column_double(int index) const {
    return sqlite3_column_double(statement_, index);
}

std::string SqliteStatement::column_text(int index) const {
    const unsigned char* text = sqlite3_column_text(statement_, index);
    if (text == nullptr) return {};
    const int size = sqlite3_column_bytes(statement_, index);
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

void SqliteStatement::fail(int result_code, const std::string& what) const {
    throw SqliteError(error_kind_for_sqlite(result_code), result_code & 0xff,
                      db_path_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

}  // namespace pixart::library
