#include "memory/process_memory.h"

#include <atomic>

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <filesystem>

#include <fstream>
#include <string>

namespace pixart::process_memory {
namespace {

// A "Name:   1234 kB" line of /proc/self/status, in MiB.
double status_mib(const std::string& name) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, name.size() + 1, name + ":") == 0)
            return std::stod(line.substr(name.size() + 1)) / 1024.0;
    }
    return 0.0;
}

}  // namespace

double current_rss_mib() { return status_mib("VmRSS"); }
double peak_rss_mib() { return status_mib("VmHWM"); }

bool reset_peak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

long long storage_bytes_read() {
    std::ifstream in("/proc/self/io");
    std::string key;
    long long value = 0;
    while (in >> key >> value) {
        if (key == "read_bytes:") return value;
    }
    return -1;
}

long long evict_from_page_cache(const std::string& folder) {
    long long bytes = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             folder, std::filesystem::directory_options::follow_directory_symlink, ec)) {
        if (!entry.is_regular_file(ec)) continue;
        const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        if (::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0)
            bytes += static_cast<long long>(entry.file_size(ec));
        ::close(fd);
    }
    return bytes;
}

LoadingAllocator::LoadingAllocator() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

LoadingAllocator::~LoadingAllocator() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

namespace {
std::atomic<void (*)()> g_release_reusable{nullptr};
}  // namespace

void set_reusable_memory_release(void (*release)()) { g_release_reusable = release; }

void return_free_memory() {
    if (const auto release = g_release_reusable.load()) release();
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace pixart::process_memory
