#include "api/library_writer_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/errors.h"
#include "api/history_record.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "unknown-host";
    return name;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// "key=value" lines of a lock file; "" when the key is missing.
std::string field(const std::string& content, const std::string& key) {
    std::istringstream lines(content);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
    }
    return "";
}

// A lock of this machine whose process is gone (a killed run): safe to take over.
bool stale_here(const std::string& content) {
    if (field(content, "host") != host_name()) return false;
    const std::string pid_text = field(content, "pid");
    char* end = nullptr;
    const long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (pid_text.empty() || *end != '\0' || pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

LibraryWriterLock::LibraryWriterLock(const std::string& folder, const std::string& command)
    : path_((fs::path(folder) / kFileName).string()) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw Error(ErrorKind::Io, folder + ": cannot create the folder: " + ec.message());
    content_ = "host=" + host_name() + "\npid=" + std::to_string(::getpid()) +
               "\nsince=" + current_utc_timestamp() + "\ncommand=" + command + "\n";
    for (int attempt = 0;; ++attempt) {
        const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            const bool written = ::write(fd, content_.data(), content_.size()) ==
                                     static_cast<ssize_t>(content_.size()) &&
                                 ::fsync(fd) == 0;
            ::close(fd);
            if (!written) {
                ::unlink(path_.c_str());
                throw Error(ErrorKind::Io, path_ + ": cannot write the library's writer lock: " +
                                               std::strerror(errno));
            }
            return;
        }
        if (errno != EEXIST) {
            throw Error(ErrorKind::Io, path_ + ": cannot create the library's writer lock: " +
                                           std::strerror(errno));
        }
        const std::string held = read_all(path_);
        if (attempt < 3 && stale_here(held)) {
            ::unlink(path_.c_str());  // its writer is dead; take it over
            continue;
        }
        if (attempt < 3 && held.empty()) {  // being written this very moment, or left empty
            ::usleep(100 * 1000);
            if (read_all(path_).empty()) ::unlink(path_.c_str());
            continue;
        }
        throw Error(
            ErrorKind::Io,
            folder + ": the library is being written by " +
                (field(held, "command").empty() ? "another writer" : field(held, "command")) +
                " on host " + field(held, "host") + " (pid " + field(held, "pid") + ") since " +
                field(held, "since") +
                ". One library takes one batch writer: SQLite is not safe over shared "
                "network filesystems. Give each shard its own library and merge them "
                "afterwards (pixart-cli library merge DEST SRC...). If that writer is "
                "gone (a node that died), delete " +
                path_);
    }
}

LibraryWriterLock::~LibraryWriterLock() {
    // Only our own lock: a lock taken over after we were presumed dead is not ours any more.
    if (read_all(path_) == content_) ::unlink(path_.c_str());
}

}  // namespace pixart
