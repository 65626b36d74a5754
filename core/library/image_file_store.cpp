#include "library/image_file_store.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>

#include "api/errors.h"
#include "library/utc_timestamp.h"

namespace fs = std::filesystem;

namespace pixart::library {
namespace {

std::string errno_text(int error) { return std::strerror(error); }

void fsync_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(ErrorKind::Io, path + ": cannot open to flush: " + errno_text(errno));
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) throw Error(ErrorKind::Io, path + ": cannot flush to disk: " + errno_text(error));
}

// Makes the rename itself durable. Some filesystems cannot fsync a folder; the file is in
// place either way, so that is not worth failing a save over.
void fsync_folder(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// rename(from, to) that fails with EEXIST instead of replacing `to`. Returns 0 or an errno.
int rename_no_replace(const std::string& from, const std::string& to) {
#ifdef RENAME_NOREPLACE
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
#endif
    // Filesystems without RENAME_NOREPLACE: link() also refuses to replace.
    if (::link(from.c_str(), to.c_str()) == 0) {
        ::unlink(from.c_str());
        return 0;
    }
    if (errno == EEXIST) return EEXIST;
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP) return errno;
    // No hard links either (FAT, some network shares): check, then rename. Single-writer use
    // (see generation_library.h) keeps the window harmless.
    std::error_code ec;
    if (fs::exists(to, ec)) return EEXIST;
    return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

// "<pid>@<host hash>": who writes a temporary, so a later open can tell a write whose process
// died (removed at once) from one still running, here or on another machine (left alone).
std::string writer_tag() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    std::uint32_t hash = 2166136261u;  // FNV-1a
    for (const char* c = host; *c; ++c) hash = (hash ^ static_cast<unsigned char>(*c)) * 16777619u;
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%ld@%08x", static_cast<long>(::getpid()), hash);
    return buffer;
}

// True when `name` carries a writer tag of this machine whose process no longer exists.
bool writer_is_gone(const std::string& name) {
    static const std::string ours = writer_tag();
    const std::string host = ours.substr(ours.find('@'));
    const std::size_t at = name.find(".partial-");
    if (at == std::string::npos) return false;
    const std::size_t begin = at + 9;
    std::size_t end = begin;
    while (end < name.size() && name[end] >= '0' && name[end] <= '9') ++end;
    if (end == begin || end - begin > 9 || name.compare(end, host.size(), host) != 0) return false;
    const long pid = std::stol(name.substr(begin, end - begin));
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

std::string random_tag() {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(engine()));
    return buffer;
}

}  // namespace

ImageFileStore::ImageFileStore(std::string folder) : folder_(std::move(folder)) {}

std::string ImageFileStore::reserve(const std::string& created, std::uint64_t seed,
                                    const std::string& extension) const {
    const std::optional<UtcTime> time = parse_utc_timestamp(created);
    if (!time) {
        throw Error(ErrorKind::InvalidArgument,
                    "image file name: '" + created +
                        "' is not an ISO-8601 UTC time like 2026-11-26T13:45:01Z");
    }
    char day[16];
    std::snprintf(day, sizeof day, "%04d-%02d-%02d", time->year, time->month, time->day);
    return next_free_name(std::string(day) + "/" + compact_utc_timestamp(*time) + "-seed" +
                          std::to_string(seed) + extension);
}

std::string ImageFileStore::next_free_name(const std::string& relative) const {
    check_relative(relative);
    const fs::path name(relative);
    const std::string stem = (name.parent_path() / name.stem()).generic_string();
    const std::string extension = name.extension().string();
    std::string candidate = relative;
    std::error_code ec;
    for (int n = 2; fs::exists(absolute(candidate), ec) || fs::is_symlink(absolute(candidate), ec);
         ++n) {
        candidate = stem + "-" + std::to_string(n) + extension;
    }
    return candidate;
}

std::string ImageFileStore::absolute(const std::string& relative) const {
    const fs::path path(relative);
    if (path.is_absolute()) return path.string();
    return (fs::path(folder_) / path).lexically_normal().string();
}

void ImageFileStore::check_relative(const std::string& relative) const {
    const fs::path path(relative);
    bool escapes = path.is_absolute() || !path.has_filename();
    for (const fs::path& part : path) escapes = escapes || part == "..";
    if (relative.empty() || escapes) {
        throw Error(ErrorKind::InvalidArgument,
                    "image file name: '" + relative +
                        "' must be a file name relative to the library folder, without '..'");
    }
}

std::string ImageFileStore::store(
    const std::string& relative, const std::function<void(const std::string& path)>& write_file,
    const std::function<void(const std::string& relative)>& before_rename) const {
    std::string target = next_free_name(relative);
    const fs::path final_path(absolute(target));
    const fs::path folder = final_path.parent_path();
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
        throw Error(ErrorKind::Io, folder.string() + ": cannot create the folder: " + ec.message());
    }
    // Hidden, with the final extension (writers choose the format by it), in the final folder
    // (so the rename is atomic: same filesystem).
    const std::string temporary =
        (folder / ("." + final_path.stem().string() + ".partial-" + writer_tag() + "-" +
                   random_tag() + final_path.extension().string()))
            .string();
    const auto discard = [&] { fs::remove(temporary, ec); };

    try {
        write_file(temporary);
    } catch (...) {
        discard();
        throw;
    }
    if (!fs::is_regular_file(temporary, ec)) {
        discard();
        throw Error(ErrorKind::Io, temporary +
                                       ": the image writer returned without writing "
                                       "the file");
    }
    try {
        fsync_file(temporary);
        for (int attempt = 0;; ++attempt) {
            if (before_rename) before_rename(target);
            const int error = rename_no_replace(temporary, absolute(target));
            if (error == 0) break;
            if (error != EEXIST || attempt >= 100) {
                throw Error(ErrorKind::Io, absolute(target) +
                                               ": cannot move the written image "
                                               "into place: " +
                                               errno_text(error));
            }
            target = next_free_name(target);  // someone else took the name meanwhile
        }
    } catch (...) {
        discard();
        throw;
    }
    fsync_folder(folder.string());
    return target;
}

int ImageFileStore::remove_leftovers(std::chrono::seconds older_than) const {
    int removed = 0;
    std::error_code ec;
    const auto cutoff = fs::file_time_type::clock::now() - older_than;
    for (auto it = fs::recursive_directory_iterator(folder_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const bool ours = name.size() > 1 && name.front() == '.' &&
                          (name.find(".partial-") != std::string::npos ||
                           (name.size() > 5 && name.compare(name.size() - 5, 5, ".part") == 0));
        std::error_code file_ec;
        if (!ours || !it->is_regular_file(file_ec)) continue;
        const auto written = it->last_write_time(file_ec);
        const bool old = !file_ec && written <= cutoff;
        if (!old && !writer_is_gone(name)) continue;
        if (fs::remove(it->path(), file_ec)) ++removed;
    }
    return removed;
}

void ImageFileStore::remove(const std::string& relative) const {
    const std::string path = absolute(relative);
    std::error_code ec;
    fs::remove(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        throw Error(ErrorKind::Io, path + ": cannot delete the image: " + ec.message());
    }
}

}  // namespace pixart::library
