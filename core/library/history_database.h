// The SQLite history of generations: one row per image (see history_schema.h for the table).
// Opening creates a missing database, migrates an old one, and repairs a damaged one: a file
// that is not a database or fails PRAGMA quick_check is moved aside to
// `<name>.corrupt-<UTC time>` (with its -wal/-shm), never deleted; a fresh database takes its
// place, the rows still readable in the old file are copied over, and open_report() tells the
// user. WAL mode, synchronous=FULL, 5 s busy timeout.
//
// Thread safety: one thread at a time (the connection is opened without SQLite's mutex); other
// connections and processes may use the same file concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/history_query.h"
#include "api/history_record.h"
#include "library/sqlite_database.h"

namespace pixart::library {

class HistoryDatabase {
  public:
    static constexpr int kBusyTimeoutMs = 5000;

    // Throws Error(Io) when the file cannot be created or written, Error(Unsupported) for a
    // database of a newer version.
    explicit HistoryDatabase(const std::string& path);

    const std::string& path() const { return path_; }
    // Empty after a normal open; otherwise a sentence on what was repaired.
    const std::string& open_report() const { return open_report_; }
    int schema_version();

    // Inserts the record in one transaction (record.id is ignored) and returns its new id.
    std::int64_t insert(const HistoryRecord& record);
    std::optional<HistoryRecord> get(std::int64_t id);
    std::vector<HistoryRecord> list(const HistoryQuery& query);
    std::int64_t count(const HistoryQuery& query);
    bool set_favourite(std::int64_t id, bool favourite);
    bool remove(std::int64_t id);
    std::vector<PromptUsage> prompt_usage(const PromptQuery& query);

  private:
    static SqliteDatabase open_checked(const std::string& path);
    void recover_from_damage(const std::string& reason);
    std::string move_aside();
    std::int64_t insert_row(const HistoryRecord& record);

    std::string path_;
    std::string open_report_;
    std::unique_ptr<SqliteDatabase> db_;
};

}  // namespace pixart::library
