#include "loading/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "api/errors.h"

namespace pixart {

MappedFile::MappedFile(const std::string& path) : path_(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw Error(ErrorKind::Io, path + ": cannot open: " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(ErrorKind::Io, path + ": not a regular file");
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
        void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (mapped == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw Error(ErrorKind::Io, path + ": cannot map: " + std::strerror(err));
        }
        data_ = static_cast<const std::byte*>(mapped);
    }
    ::close(fd);
}

namespace {

// The whole pages that [begin, begin + length) touches.
std::pair<void*, std::size_t> page_span(const std::byte* begin, std::size_t length) {
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto first = reinterpret_cast<std::uintptr_t>(begin) & ~(page - 1);
    const auto last = (reinterpret_cast<std::uintptr_t>(begin) + length + page - 1) & ~(page - 1);
    return {reinterpret_cast<void*>(first), last - first};
}

void advise(const std::byte* begin, std::size_t length, int advice) noexcept {
    if (begin == nullptr || length == 0) return;
    const auto [start, span] = page_span(begin, length);
    (void)::madvise(start, span, advice);
}

}  // namespace

void MappedFile::release(const std::byte* begin, std::size_t length) const noexcept {
    advise(begin, length, MADV_DONTNEED);
}

void MappedFile::prefetch(const std::byte* begin, std::size_t length) const noexcept {
    advise(begin, length, MADV_WILLNEED);
}

void MappedFile::populate(const std::byte* begin, std::size_t length) const noexcept {
#ifndef MADV_POPULATE_READ
    constexpr int MADV_POPULATE_READ = 22;  // Linux 5.14; older kernels answer EINVAL
#endif
    advise(begin, length, MADV_POPULATE_READ);
}

void MappedFile::evict_from_page_cache() const noexcept {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

MappedFile::~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
}

}  // namespace pixart
