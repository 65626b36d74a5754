#include "memory/cpu_buffer_cache.h"

#include "memory/process_memory.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <torch/version.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace pixart::memory {
namespace {

// LibTorch 2.3 made Allocator::allocate non-const and added the pure virtual copy_data.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define PIXART_ALLOCATOR_CONST
#define PIXART_ALLOCATOR_HAS_COPY_DATA 1
#else
#define PIXART_ALLOCATOR_CONST const
#define PIXART_ALLOCATOR_HAS_COPY_DATA 0
#endif

constexpr std::size_t kGranule = 4096;

std::size_t round_up(std::size_t n) { return (n + kGranule - 1) / kGranule * kGranule; }

class CachingCpuAllocator final : public c10::Allocator {
  public:
    explicit CachingCpuAllocator(c10::Allocator* underlying) : underlying_(underlying) {}

    c10::DataPtr allocate(std::size_t n) PIXART_ALLOCATOR_CONST override {
        if (n < CpuBufferCache::kMinCachedBytes) return underlying_->allocate(n);
        const std::size_t size = round_up(n);
        c10::DataPtr memory;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (enabled_locked()) {
                if (const auto found = free_.find(size); found != free_.end()) {
                    memory = std::move(found->second);
                    free_.erase(found);
                    cached_bytes_ -= size;
                    ++stats_.hits;
                } else {
                    ++stats_.misses;
                }
            }
        }
        if (!memory) memory = underlying_->allocate(size);
        void* data = memory.get();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            live_.emplace(data, Live{std::move(memory), size});
        }
        // Context = data, so raw_allocate/raw_deallocate work as with the default allocator.
        return {data, data, &CachingCpuAllocator::give_back, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &CachingCpuAllocator::give_back; }

#if PIXART_ALLOCATOR_HAS_COPY_DATA
    void copy_data(void* dest, const void* src, std::size_t count) const override {
        default_copy_data(dest, src, count);
    }
#endif

    void set_max(std::size_t max_bytes) {
        std::vector<c10::DataPtr> dropped;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            max_bytes_ = max_bytes;
            evict_locked(dropped);
        }
    }
    void set_suspended(bool suspended) {
        std::lock_guard<std::mutex> lock(mutex_);
        suspended_ = suspended;
    }
    void enter() {
        std::lock_guard<std::mutex> lock(mutex_);
        ++scopes_;
    }
    void leave() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --scopes_;
            if (scopes_ > 0) return;
        }
        release();
    }
    void release() {
        std::vector<c10::DataPtr> dropped;  // freed after the lock is let go
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto& entry : free_) dropped.push_back(std::move(entry.second));
        free_.clear();
        cached_bytes_ = 0;
    }
    CpuBufferCacheStats stats() const {
        std::lock_guard<std::mutex> lock(mutex_);
        CpuBufferCacheStats s = stats_;
        s.cached_bytes = cached_bytes_;
        return s;
    }

  private:
    struct Live {
        c10::DataPtr memory;
        std::size_t size = 0;
    };

    static void give_back(void* data);

    bool enabled_locked() const { return scopes_ > 0 && !suspended_; }

    void keep(void* data) {
        c10::DataPtr freed;  // freed after the lock is let go, unless kept
        std::lock_guard<std::mutex> lock(mutex_);
        const auto found = live_.find(data);
        if (found == live_.end()) return;  // not ours: cannot happen (small ones never get here)
        const std::size_t size = found->second.size;
        freed = std::move(found->second.memory);
        live_.erase(found);
        if (!enabled_locked() || cached_bytes_ + size > max_bytes_) return;
        free_.emplace(size, std::move(freed));
        cached_bytes_ += size;
        stats_.peak_cached_bytes = std::max(stats_.peak_cached_bytes, cached_bytes_);
    }

    void evict_locked(std::vector<c10::DataPtr>& dropped) {
        while (cached_bytes_ > max_bytes_ && !free_.empty()) {
            auto largest = std::prev(free_.end());
            cached_bytes_ -= largest->first;
            dropped.push_back(std::move(largest->second));
            free_.erase(largest);
        }
    }

    c10::Allocator* underlying_;
    mutable std::mutex mutex_;
    mutable std::multimap<std::size_t, c10::DataPtr> free_;
    mutable std::unordered_map<void*, Live> live_;
    mutable std::size_t cached_bytes_ = 0;
    mutable CpuBufferCacheStats stats_;
    std::size_t max_bytes_ = 0;
    int scopes_ = 0;  // Reuse scopes alive
    bool suspended_ = false;
};

// Never destroyed: tensors it made may be freed during static destruction.
CachingCpuAllocator* g_cache = nullptr;
std::mutex g_install_mutex;

void CachingCpuAllocator::give_back(void* data) {
    if (!data) return;
    g_cache->keep(data);
}

}  // namespace

void CpuBufferCache::install(std::size_t max_cached_bytes) {
    // PIXART_CPU_BUFFER_CACHE_MB overrides the cap (0: no cache, as before it existed), for
    // memory-tight machines and before/after measurements.
    if (const char* mb = std::getenv("PIXART_CPU_BUFFER_CACHE_MB")) {
        char* end = nullptr;
        const unsigned long long value = std::strtoull(mb, &end, 10);
        if (end != mb && *end == '\0') max_cached_bytes = static_cast<std::size_t>(value) << 20;
    }
    std::lock_guard<std::mutex> lock(g_install_mutex);
    if (!g_cache) {
        g_cache = new CachingCpuAllocator(c10::GetDefaultCPUAllocator());
        c10::SetCPUAllocator(g_cache, /*priority=*/1);
        process_memory::set_reusable_memory_release(&CpuBufferCache::release);
    }
    g_cache->set_max(max_cached_bytes);
}

void CpuBufferCache::release() {
    if (g_cache) g_cache->release();
}

void CpuBufferCache::set_suspended(bool suspended) {
    if (g_cache) g_cache->set_suspended(suspended);
}

CpuBufferCache::Reuse::Reuse() {
    if (g_cache) g_cache->enter();
}

CpuBufferCache::Reuse::~Reuse() {
    if (g_cache) g_cache->leave();
}

CpuBufferCacheStats CpuBufferCache::stats() {
    return g_cache ? g_cache->stats() : CpuBufferCacheStats{};
}

}  // namespace pixart::memory
