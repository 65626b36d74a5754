// One SQLite connection (RAII) opened with the C API. Not thread-safe: one thread at a time
// (opened with SQLITE_OPEN_NOMUTEX; the owner serialises calls).
#pragma once

#include <cstdint>
#include <string>

#include "library/sqlite_statement.h"

struct sqlite3;

namespace pixart::library {

class SqliteDatabase {
  public:
    enum class Mode { ReadWriteCreate, ReadOnly };

    // Opens (for ReadWriteCreate: creates) the file. SQLite reads lazily, so a file that is not
    // a database is only noticed by the first statement. Throws SqliteError.
    SqliteDatabase(const std::string& path, Mode mode);
    ~SqliteDatabase();
    SqliteDatabase(SqliteDatabase&& other) noexcept;
    SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    const std::string& path() const { return path_; }
    // True when the file could only be opened for reading (write-protected file or folder).
    bool is_read_only() const;

    // Runs one or more statements that return no rows we need.
    void exec(const std::string& sql);
    SqliteStatement prepare(const std::string& sql);
    // The first column of the first row, as text ("" when there is no row).
    std::string query_text(const std::string& sql);
    std::int64_t query_int64(const std::string& sql);

    // Leaves the WAL as it is when this connection closes (normally the last connection folds it
    // into the database file): a damaged database is moved aside exactly as found.
    void keep_wal_on_close();

    std::int64_t last_insert_rowid() const;
    int changes() const;

  private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

}  // namespace pixart::library
