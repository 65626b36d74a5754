// Large CPU tensor buffers kept for reuse instead of being handed back to the system.
//
// A denoising step allocates the same temporaries in every block of every step (attention
// scores, the feed-forward's 4x-wide activations, q/k/v): tens to hundreds of MB each, above
// glibc's mmap threshold, so each one was mapped, zero-filled by the kernel page by page and
// unmapped again — at 512x512 9.7 million minor page faults and 20 % of the CPU time in the
// kernel for two steps (docs/PERFORMANCE.md). This cache is libtorch's CPU allocator
// (c10::SetCPUAllocator): a freed buffer of 1 MiB or more is kept, up to a cap, and the next
// request of the same size gets it back, already mapped. Smaller ones go to the default
// allocator as before.
//
// Only while a Reuse scope is alive — the denoising loop, whose steps allocate the same sizes
// again and again — are freed buffers kept (at most `max_cached_bytes`); the scope's end frees
// them. Other stages (loading, encoding, an untiled decode) allocate many sizes once: caching
// there would only add to their peaks (measured: +760 MiB on a 512x512 decode), so they run as
// before. Thread-safe; installed once per process, never removed (tensors made by it may
// outlive everything).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pixart::memory {

struct CpuBufferCacheStats {
    std::int64_t hits = 0;              // requests served from the cache
    std::int64_t misses = 0;            // requests of a cacheable size that allocated
    std::size_t cached_bytes = 0;       // free buffers held now
    std::size_t peak_cached_bytes = 0;  // most free buffers held at once
};

class CpuBufferCache {
  public:
    static constexpr std::size_t kMinCachedBytes = std::size_t{1} << 20;
    static constexpr std::size_t kDefaultMaxCachedBytes = std::size_t{2} << 30;

    // Installs the cache as libtorch's CPU allocator (once) and sets its cap; 0 = keep nothing
    // (every buffer is freed at once, as without the cache). The environment variable
    // PIXART_CPU_BUFFER_CACHE_MB, when set, gives the cap instead.
    static void install(std::size_t max_cached_bytes = kDefaultMaxCachedBytes);
    // Frees every buffer held (a stage ends). Harmless when not installed.
    static void release();
    // The benchmark's with/without comparison inside one Reuse scope: while suspended, buffers
    // are neither kept nor reused (held ones stay).
    static void set_suspended(bool suspended);

    // Keeps freed buffers for reuse while alive; the last scope to end frees them.
    class Reuse {
      public:
        Reuse();
        ~Reuse();
        Reuse(const Reuse&) = delete;
        Reuse& operator=(const Reuse&) = delete;
    };
    static CpuBufferCacheStats stats();
};

}  // namespace pixart::memory
