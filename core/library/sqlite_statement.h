// A prepared SQLite statement (RAII). Parameters and columns are 0-based here: bind(0, …) is
// SQLite's ?1. Errors become SqliteError with the database path and SQLite's message.
#pragma once

#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace pixart::library {

class SqliteStatement {
  public:
    SqliteStatement(sqlite3* db, const std::string& db_path, const std::string& sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind_int64(int index, std::int64_t value);
    SqliteStatement& bind_double(int index, double value);
    SqliteStatement& bind_text(int index, const std::string& value);
    SqliteStatement& bind_null(int index);

    // Advances to the next row: true while there is one.
    bool step();
    // Steps to the end, for statements without rows.
    void run();
    void reset();

    int column_count() const;
    std::string column_name(int index) const;
    bool column_is_null(int index) const;
    std::int64_t column_int64(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;

  private:
    [[noreturn]] void fail(int result_code, const std::string& what) const;

    sqlite3* db_ = nullptr;
    sqlite3_stmt* statement_ = nullptr;
    std::string db_path_;
};

}  // namespace pixart::library
