// pixart::LibraryWriterLock — one batch writer per library folder, on any machine.
//
// A library's history is SQLite in WAL mode: safe for several processes of ONE machine, unsafe
// over NFS and other shared filesystems, where locks and WAL's shared memory do not reach across
// machines. Batch writers (`pixart-cli batch --library`, `pixart-cli library merge`) take this
// lock first: a file `writer.lock` in the folder, created with O_EXCL (atomic on NFS v3 and
// later too), holding the writer's host, pid, start time and command. A second writer is
// refused with a message that says who holds the folder and what to do instead (a library per
// shard, merged afterwards). A lock left by a dead process of this machine is taken over; one
// from another machine is never guessed stale: the message says which file to delete.
//
//   pixart::LibraryWriterLock lock(folder, "pixart-cli batch");   // throws Error(Io) if held
//   ... write the library ...                                      // released when destroyed
#pragma once

#include <string>

namespace pixart {

class LibraryWriterLock {
  public:
    static constexpr const char* kFileName = "writer.lock";

    // Creates the folder if needed. Throws Error(Io) when another writer holds it or the lock
    // file cannot be written.
    LibraryWriterLock(const std::string& folder, const std::string& command);
    ~LibraryWriterLock();  // removes the lock file (if it is still this writer's)
    LibraryWriterLock(const LibraryWriterLock&) = delete;
    LibraryWriterLock& operator=(const LibraryWriterLock&) = delete;

    const std::string& path() const { return path_; }

  private:
    std::string path_;
    std::string content_;
};

}  // namespace pixart
