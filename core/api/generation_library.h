// pixart::GenerationLibrary — every finished image kept: a file in the library folder plus a row
// in its SQLite history database (`history.sqlite` in the same folder).
//
//   pixart::GenerationLibrary library("/home/me/Pictures/PixArt");
//   if (!library.open_report().empty()) show_warning(library.open_report());   // repaired db
//   pixart::HistoryRecord record;
//   record.metadata = pixart::metadata_for(request, 0, 0, "…");     // api/generation_metadata.h
//   record.metadata.width = image.width;  record.metadata.height = image.height;
//   record.metadata.created.clear();                                 // stamped now, below
//   std::int64_t id = library.add(record, [&](const std::string& path) {
//       write_png16(image, path, metadata);            // the caller writes the image file
//   });
//   pixart::HistoryQuery query;  query.text = "cactus";
//   for (const pixart::HistoryRecord& r : library.list(query)) show(library.absolute_path(r.file));
//
// Writing an image (add): the writer callback gets a temporary path in the image's final folder,
// with the final extension (format detection by name keeps working); the file is then fsync'ed
// and renamed to its final, never-before-used name (an existing file is never overwritten), and
// only then is the history row inserted, in one transaction. If the writer throws, its partial
// file is removed and nothing is recorded. If the row cannot be written, the image file stays
// and the error says where it is.
//
// Files are deleted only by remove(id, true) — an explicit user request (the UI asks first).
// A damaged history database is moved aside to `history.sqlite.corrupt-<UTC time>` (never
// deleted), a new one is created, readable entries of the old one are copied over, and
// open_report() says so in a sentence the UI can show. A missing database is simply created.
//
// Thread safety: a GenerationLibrary is used by ONE thread at a time (the studio's worker
// threads take turns; serialise them); it may move between threads. Several GenerationLibrary
// objects, and other processes, may open the same folder at once: the database runs in WAL
// mode and waits up to 5 s for a lock. Every failure is a pixart::Error (api/errors.h): Io for a
// folder or file that cannot be written, CorruptFile for a database damaged while in use,
// Unsupported for a database from a newer version, InvalidArgument for bad input.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/history_query.h"
#include "api/history_record.h"

namespace pixart {

class GenerationLibrary {
  public:
    static constexpr const char* kDatabaseFileName = "history.sqlite";

    // Creates the folder if needed and opens (creates, migrates or repairs) its database.
    // Throws Error(Io) when the folder cannot be created or written.
    explicit GenerationLibrary(const std::string& folder);
    ~GenerationLibrary();
    GenerationLibrary(GenerationLibrary&&) noexcept;
    GenerationLibrary& operator=(GenerationLibrary&&) noexcept;
    GenerationLibrary(const GenerationLibrary&) = delete;
    GenerationLibrary& operator=(const GenerationLibrary&) = delete;

    const std::string& folder() const;
    std::string database_path() const;
    // Empty after a normal open; otherwise what was repaired, for the user.
    const std::string& open_report() const;

    // A file name no file has yet, relative to the folder:
    // "2026-11-26/20261126-134501-seed42.png", then "…-seed42-2.png", … (UTC, from `created`,
    // an ISO-8601 timestamp as in HistoryRecord). Throws Error(InvalidArgument) for a bad time.
    std::string reserve_image_path(const std::string& created, std::uint64_t seed,
                                   const std::string& extension = ".png") const;
    // The file of a record as an absolute path.
    std::string absolute_path(const std::string& relative_file) const;

    // Stores the image (see the top of this file) and returns the new entry's id. An empty
    // record.metadata.created becomes now; an empty record.file becomes
    // reserve_image_path(created, seed).
    std::int64_t add(const HistoryRecord& record,
                     const std::function<void(const std::string& path)>& write_file);

    std::optional<HistoryRecord> get(std::int64_t id) const;
    std::vector<HistoryRecord> list(const HistoryQuery& query) const;
    std::int64_t count(const HistoryQuery& query) const;  // ignores limit and offset
    std::vector<PromptUsage> prompt_usage(const PromptQuery& query) const;

    // false when there is no such entry (e.g. deleted meanwhile).
    bool set_favourite(std::int64_t id, bool favourite);
    // Removes the entry; with delete_file also its image file (a missing file is fine). If the
    // file cannot be deleted, throws Error(Io) and keeps the entry. false when there is no entry.
    bool remove(std::int64_t id, bool delete_file);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pixart
