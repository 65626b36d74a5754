// The image files of a library folder: unique names, and writes that are either complete and
// durable under their final name or not there at all. Never overwrites, never deletes unless
// told to. POSIX (fsync, renameat2/link).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace pixart::library {

class ImageFileStore {
  public:
    explicit ImageFileStore(std::string folder);  // an existing, absolute folder

    const std::string& folder() const { return folder_; }

    // "2026-11-26/20261126-134501-seed42.png", or with "-2", "-3", … before the extension when
    // taken. Throws Error(InvalidArgument) when `created` is not an ISO-8601 UTC timestamp.
    std::string reserve(const std::string& created, std::uint64_t seed,
                        const std::string& extension) const;
    // The first free name among `relative`, "stem-2.ext", "stem-3.ext", …
    std::string next_free_name(const std::string& relative) const;
    // Absolute path of a relative name; an absolute name is returned as it is.
    std::string absolute(const std::string& relative) const;

    // Calls write_file(temporary path), with the temporary file in the final folder and with
    // the final extension, fsyncs it and renames it to `relative` (or the next free name if
    // that appeared meanwhile) without ever replacing a file; fsyncs the folder. Returns the
    // relative name used. On any failure the temporary file is removed and the error rethrown
    // (the writer's own exception as it is). before_rename(relative name) runs before each
    // rename attempt, after the file is complete and on disk: the library journals the entry
    // there, so a kill between the rename and the history entry loses nothing.
    std::string store(
        const std::string& relative, const std::function<void(const std::string& path)>& write_file,
        const std::function<void(const std::string& relative)>& before_rename = {}) const;

    // Deletes a file; a file that is already gone is fine. Throws Error(Io) otherwise.
    void remove(const std::string& relative) const;

    // Deletes the temporaries of writes that never finished (the process was killed): hidden
    // files named like store()'s (".<stem>.partial-<pid>@<host>-<tag>.<ext>") or the image
    // writer's (".<name>.<tag>.part"), anywhere in the library, whose writer process on this
    // machine is gone, or last written more than `older_than` ago (a younger one of another
    // machine, or of a live process, may belong to a write still running). Returns how many
    // went; never throws (a file it cannot delete stays).
    int remove_leftovers(std::chrono::seconds older_than) const;

  private:
    void check_relative(const std::string& relative) const;

    std::string folder_;
};

}  // namespace pixart::library
