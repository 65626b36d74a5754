// A write transaction (RAII): BEGIN IMMEDIATE takes the write lock up front, so a busy database
// fails here (after the busy timeout) instead of half-way; rolled back unless commit() ran.
#pragma once

#include "library/sqlite_database.h"

namespace pixart::library {

class SqliteTransaction {
  public:
    explicit SqliteTransaction(SqliteDatabase& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
    ~SqliteTransaction() {
        if (open_) {
            try {
                db_.exec("ROLLBACK");
            } catch (...) {
                // SQLite already rolled back (e.g. after SQLITE_FULL); nothing left to undo.
            }
        }
    }
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    void commit() {
        db_.exec("COMMIT");
        open_ = false;
    }

  private:
    SqliteDatabase& db_;
    bool open_ = true;
};

}  // namespace pixart::library
