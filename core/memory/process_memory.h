// Resident memory of this process (Linux /proc), for the benchmarks' peak-RSS figures.
#pragma once

#include <string>

namespace pixart::process_memory {

double current_rss_mib();  // VmRSS; 0 when unknown
double peak_rss_mib();     // VmHWM since start or the last reset_peak(); 0 when unknown

// Restarts the peak at the current RSS (writes 5 to /proc/self/clear_refs, Linux >= 4.0), so the
// peak of one stage can be read on its own. false when the kernel refuses.
bool reset_peak();

// Bytes this process made the kernel fetch from storage since it started (/proc/self/io
// read_bytes: page-cache misses of reads and of mapped files); -1 when unknown.
long long storage_bytes_read();

// Drops every file under `folder` from the kernel's page cache (POSIX_FADV_DONTNEED on clean
// pages), so the next read of them comes from disk: cold-start benchmarks. Returns the bytes of
// the files it advised.
long long evict_from_page_cache(const std::string& folder);

// While a model is built and bound: every allocation of 1 MiB or more gets its own mapping, so
// the temporaries of building (initial values, q/k/v before stacking) are returned when freed
// instead of leaving holes in the heap. Measured on the 1024-MS transformer after a streamed T5
// had pushed glibc's dynamic threshold to its 32 MiB maximum: a load peak of 3.43 GB with 870 MB
// of free heap, against 2.50 GB with this scope. Afterwards the threshold is fixed at 32 MiB and
// the trim threshold at 64 MiB, glibc's own dynamic steady state, so inference keeps reusing
// heap memory for its temporaries as before.
class LoadingAllocator {
  public:
    LoadingAllocator();
    ~LoadingAllocator();
    LoadingAllocator(const LoadingAllocator&) = delete;
    LoadingAllocator& operator=(const LoadingAllocator&) = delete;
};

// Hands freed heap pages back to the system (glibc keeps them otherwise, and RSS would count
// memory a released model no longer uses), after the buffers kept for reuse (the CPU buffer
// cache, memory/cpu_buffer_cache.h) are freed: every stage boundary that calls this starts the
// next stage without the last one's buffers.
void return_free_memory();

// What return_free_memory() frees first (the CPU buffer cache registers itself when installed;
// this file stays free of torch).
void set_reusable_memory_release(void (*release)());

}  // namespace pixart::process_memory
