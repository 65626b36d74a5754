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
#include <functional>
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

    // The journal of an image being moved into place (schema 4). journal_pending() writes the
    // entry, under its final file name, before the rename (replacing the one for
    // `replaces_file`, a name that was taken meanwhile); complete_pending() turns it into the
    // history entry after the rename and returns its id (the id already given when an open in
    // another process adopted it first). forget_pending() drops it when the rename failed.
    void journal_pending(const HistoryRecord& record, const std::string& replaces_file);
    std::int64_t complete_pending(const HistoryRecord& record);
    void forget_pending(const std::string& file);
    // Entries a killed writer left in the journal: adopted into the history when
    // file_exists(file), else forgotten. Returns how many were adopted.
    int recover_pending(const std::function<bool(const std::string& file)>& file_exists);

  private:
    static SqliteDatabase open_checked(const std::string& path);
    void recover_from_damage(const std::string& reason);
    std::string move_aside();
    void forget_pending_row(const std::string& file);
    std::int64_t insert_row(const HistoryRecord& record, const char* table = "generations");

    std::string path_;
    std::string open_report_;
    std::unique_ptr<SqliteDatabase> db_;
};

}  // namespace pixart::library
