#include "imaging/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "api/errors.h"

namespace pixart::imaging {
namespace {

std::string folder_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string random_suffix() {
    static std::atomic<unsigned> counter{0};
    std::random_device device;
    const unsigned long long value =
        (static_cast<unsigned long long>(device()) << 20) ^ (counter++ * 2654435761ull) ^
        static_cast<unsigned long long>(
            std::chrono::steady_clock::now().time_since_epoch().count());
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%012llx", value & 0xffffffffffffull);
    return buffer;
}

}  // namespace

void throw_io_error(const std::string& path, const std::string& what, int error_number) {
    throw Error(ErrorKind::Io, path + ": " + what + " (" + std::strerror(error_number) + ")");
}

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
    if (target_.empty() || target_.back() == '/') {
        throw Error(ErrorKind::InvalidArgument, "export: '" + target_ + "' is not a file name");
    }
    struct stat info {};
    if (::lstat(target_.c_str(), &info) == 0) {
        if (S_ISDIR(info.st_mode)) throw Error(ErrorKind::Io, target_ + ": is a folder, not a file");
        // Renaming over a device node, a pipe or a link would replace it (as root even
        // /dev/null): only regular files are ever replaced.
        if (!S_ISREG(info.st_mode)) {
            throw Error(ErrorKind::Io, target_ + ": is not a regular file (a device, a pipe, a "
                                                 "socket or a link); refusing to replace it");
        }
    }
    const std::string folder = folder_of(target_);
    for (int attempt = 0; attempt < 16; ++attempt) {
        temporary_ = folder + "/." + name_of(target_) + "." + random_suffix() + ".part";
        // O_EXCL: never reuse (or follow a link planted at) an existing name.
        const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            ::close(fd);
            return;
        }
        if (errno != EEXIST) {
            const int error_number = errno;
            temporary_.clear();
            throw_io_error(target_, "cannot create a file in " + folder, error_number);
        }
    }
    temporary_.clear();
    throw Error(ErrorKind::Io, target_ + ": could not find a free temporary name in " + folder);
}

AtomicFile::~AtomicFile() {
    if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::commit() {
    const int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_io_error(target_, "the temporary file vanished", errno);
    // A full disk can surface only here (delayed allocation, network file systems).
    if (::fsync(fd) != 0) {
        const int error_number = errno;
        ::close(fd);
        throw_io_error(target_, "could not write the file to disk", error_number);
    }
    ::close(fd);
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
        throw_io_error(target_, "could not replace the file", errno);
    }
    committed_ = true;
    const int folder = ::open(folder_of(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);  // best effort: the rename itself has happened
        ::close(folder);
    }
}

}  // namespace pixart::imaging
