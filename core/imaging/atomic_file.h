// A file that appears complete or not at all: everything is written to a temporary file in the
// target's folder (same file system, so rename() is atomic) and renamed over the target only on
// commit(). Destroying an uncommitted AtomicFile removes the temporary; the target is untouched.
#pragma once

#include <string>

namespace pixart::imaging {

class AtomicFile {
  public:
    // Creates the temporary ("<folder>/.<name>.<random>.part", mode 0666 minus umask).
    // Throws pixart::Error(Io) when the folder is missing or not writable.
    explicit AtomicFile(std::string target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::string& temporary_path() const { return temporary_; }
    const std::string& target_path() const { return target_; }

    // fsync()s the temporary, renames it over the target and syncs the folder. Throws Error(Io).
    void commit();

  private:
    std::string target_;
    std::string temporary_;
    bool committed_ = false;
};

// "<path>: <what failed> (<strerror(errno)>)" as a pixart::Error(Io).
[[noreturn]] void throw_io_error(const std::string& path, const std::string& what,
                                 int error_number);

}  // namespace pixart::imaging
