// The CPU buffer cache (issue 16, item 1): large buffers freed inside a Reuse scope come back for
// the next request of their size, nothing is kept outside one, the cap holds, and a scope's end or
// a stage boundary frees everything.
#include "memory/cpu_buffer_cache.h"

#include <c10/core/CPUAllocator.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "memory/process_memory.h"

using pixart::memory::CpuBufferCache;

namespace {

constexpr std::int64_t kFloats = 1 << 20;  // 4 MiB: above the 1 MiB the cache starts at

class CpuBufferCacheTest : public ::testing::Test {
  protected:
    void SetUp() override { CpuBufferCache::install(64 << 20); }
    void TearDown() override {
        CpuBufferCache::set_suspended(false);
        CpuBufferCache::install();  // the default cap for whatever runs next
    }
};

}  // namespace

TEST_F(CpuBufferCacheTest, ABufferFreedInAScopeServesTheNextRequestOfItsSize) {
    const CpuBufferCache::Reuse reuse;
    const auto before = CpuBufferCache::stats();
    const void* first = nullptr;
    {
        auto a = torch::empty({kFloats});
        first = a.data_ptr();
        a.fill_(3.0f);
    }
    EXPECT_EQ(CpuBufferCache::stats().cached_bytes, std::size_t{4} << 20);
    auto b = torch::ones({kFloats});  // same size: the same memory back, then written as asked
    EXPECT_EQ(b.data_ptr(), first);
    EXPECT_EQ(b.sum().item<float>(), static_cast<float>(kFloats));
    const auto after = CpuBufferCache::stats();
    EXPECT_EQ(after.hits - before.hits, 1);
    EXPECT_EQ(after.misses - before.misses, 1);
    EXPECT_EQ(after.cached_bytes, 0u);
}

TEST_F(CpuBufferCacheTest, NothingIsKeptOutsideAScopeOrForSmallBuffers) {
    const auto before = CpuBufferCache::stats();
    { auto a = torch::empty({kFloats}); }
    { auto b = torch::empty({kFloats}); }
    EXPECT_EQ(CpuBufferCache::stats().hits, before.hits);
    EXPECT_EQ(CpuBufferCache::stats().cached_bytes, 0u);

    const CpuBufferCache::Reuse reuse;
    { auto small = torch::empty({1000}); }  // 4 KB: the default allocator's
    EXPECT_EQ(CpuBufferCache::stats().cached_bytes, 0u);
    EXPECT_EQ(CpuBufferCache::stats().misses, before.misses);
}

TEST_F(CpuBufferCacheTest, TheCapHoldsAndTheScopeEndFreesEverything) {
    CpuBufferCache::install(10 << 20);  // room for two 4 MiB buffers, not three
    {
        const CpuBufferCache::Reuse reuse;
        {
            auto a = torch::empty({kFloats});
            auto b = torch::empty({kFloats});
            auto c = torch::empty({kFloats});
        }
        EXPECT_EQ(CpuBufferCache::stats().cached_bytes, std::size_t{8} << 20);
        {
            const CpuBufferCache::Reuse nested;  // the inner end frees nothing yet
        }
        EXPECT_EQ(CpuBufferCache::stats().cached_bytes, std::size_t{8} << 20);
    }
    EXPECT_EQ(CpuBufferCache::stats().cached_bytes, 0u);
}

TEST_F(CpuBufferCacheTest, AStageBoundaryFreesWhatIsHeld) {
    const CpuBufferCache::Reuse reuse;
    { auto a = torch::empty({kFloats}); }
    ASSERT_GT(CpuBufferCache::stats().cached_bytes, 0u);
    pixart::process_memory::return_free_memory();
    EXPECT_EQ(CpuBufferCache::stats().cached_bytes, 0u);
}

TEST_F(CpuBufferCacheTest, SuspendedItNeitherKeepsNorReuses) {
    const CpuBufferCache::Reuse reuse;
    CpuBufferCache::set_suspended(true);
    const auto before = CpuBufferCache::stats();
    { auto a = torch::empty({kFloats}); }
    { auto b = torch::empty({kFloats}); }
    EXPECT_EQ(CpuBufferCache::stats().hits, before.hits);
    EXPECT_EQ(CpuBufferCache::stats().cached_bytes, 0u);
}

TEST_F(CpuBufferCacheTest, RawAllocationsWorkAsWithTheDefaultAllocator) {
    const CpuBufferCache::Reuse reuse;
    c10::Allocator* allocator = c10::GetCPUAllocator();
    for (const std::size_t bytes : {std::size_t{100}, std::size_t{8} << 20}) {
        void* p = allocator->raw_allocate(bytes);
        ASSERT_NE(p, nullptr);
        static_cast<char*>(p)[bytes - 1] = 7;
        allocator->raw_deallocate(p);
    }
}
