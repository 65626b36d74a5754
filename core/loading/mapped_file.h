// A read-only memory map of a whole file (weights are read in place, never copied to a buffer).
// Pages of a range can be handed back once used: they leave this process's resident set (RSS)
// but stay in the kernel's page cache, so a second pass over them reads no disk.
#pragma once

#include <cstddef>
#include <string>

namespace pixart {

class MappedFile {
public:
    // Throws pixart::Error(Io) naming the path when the file cannot be opened or mapped.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::byte* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    const std::string& path() const noexcept { return path_; }

    // Ranges inside [data(), data() + size()); each call is one madvise() on the pages the range
    // touches, and failures are ignored (they only change speed or RSS, never the bytes read).
    // Drops the range's pages from this mapping (MADV_DONTNEED): RSS shrinks, the page cache keeps
    // them. Pages shared with a neighbouring range are simply faulted in again when used.
    void release(const std::byte* begin, std::size_t length) const noexcept;
    // Starts reading the range from disk in the background (MADV_WILLNEED), mapping nothing.
    void prefetch(const std::byte* begin, std::size_t length) const noexcept;
    // Maps the whole range at once (MADV_POPULATE_READ, Linux 5.14+; elsewhere a no-op), instead
    // of one page fault per 4-64 KiB while a kernel reads it.
    void populate(const std::byte* begin, std::size_t length) const noexcept;
    // Evicts the file's clean pages from the page cache (POSIX_FADV_DONTNEED): the next read of
    // them comes from disk. For cold-start benchmarks; harmless otherwise.
    void evict_from_page_cache() const noexcept;

  private:
    std::string path_;
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace pixart
