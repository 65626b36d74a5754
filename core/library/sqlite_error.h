// A pixart::Error raised by SQLite, keeping SQLite's primary result code so callers can tell a
// damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) from a full disk or a locked database.
#pragma once

#include <string>

#include "api/errors.h"

namespace pixart::library {

class SqliteError : public Error {
  public:
    SqliteError(ErrorKind kind, int primary_code, const std::string& message)
        : Error(kind, message), primary_code_(primary_code) {}
    int primary_code() const noexcept { return primary_code_; }
    bool is_damage() const noexcept { return kind() == ErrorKind::CorruptFile; }

  private:
    int primary_code_;
};

// The pixart error kind for an SQLite result code.
ErrorKind error_kind_for_sqlite(int result_code) noexcept;

}  // namespace pixart::library
