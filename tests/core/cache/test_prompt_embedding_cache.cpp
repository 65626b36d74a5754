// The prompt-embedding cache on disk: bit-exact round trip with the known-zero rows restored,
// another key under the same name is a miss, damaged entries are dropped, least recently used
// entries go past the cap, and a failing write turns it read-only without an exception.
#include "cache/prompt_embedding_cache.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace fs = std::filesystem;
using pixart::PromptEmbeddingCache;

namespace {

struct Sample {
    torch::Tensor embeds, mask;
};

// A real-token encoding: rows after the last real token are zero.
Sample sample(int real, int length = 12, int d = 8, int seed = 1) {
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    auto embeds = torch::zeros({1, length, d});
    embeds[0].narrow(0, 0, real).copy_(torch::randn({real, d}, generator));
    auto mask = torch::zeros({1, length}, torch::kInt64);
    mask[0].narrow(0, 0, real).fill_(1);
    return {embeds, mask};
}

std::int64_t entries(const std::string& folder) {
    std::int64_t n = 0;
    for (const auto& e : fs::directory_iterator(folder))
        n += e.path().extension() == ".safetensors";
    return n;
}

TEST(PromptEmbeddingCache, RoundTripIsBitExact) {
    pixart::test::TempDir tmp;
    PromptEmbeddingCache cache(tmp.file("cache"), 1 << 20);
    ASSERT_TRUE(cache.enabled()) << cache.status();
    const auto s = sample(5);
    EXPECT_FALSE(cache.load("key A"));
    cache.store("key A", s.embeds, s.mask, 5);
    const auto hit = cache.load("key A");
    ASSERT_TRUE(hit);
    EXPECT_TENSOR_EQ(hit->embeds, s.embeds);
    EXPECT_TENSOR_EQ(hit->mask, s.mask);
    EXPECT_FALSE(cache.load("key B"));

    // Another process (a fresh object on the same folder) finds it too.
    PromptEmbeddingCache other(tmp.file("cache"), 1 << 20);
    ASSERT_TRUE(other.load("key A"));
}

std::string entry_file(const std::string& folder, const std::string& key) {
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.safetensors",
                  static_cast<unsigned long long>(pixart::fnv1a64(key)));
    return folder + "/" + name;
}

TEST(PromptEmbeddingCache, AnotherKeyUnderTheSameFileNameIsAMiss) {
    pixart::test::TempDir tmp;
    const std::string folder = tmp.file("cache");
    PromptEmbeddingCache cache(folder, 1 << 20);
    const auto s = sample(3);
    cache.store("key A", s.embeds, s.mask, 3);
    // As if "key B" hashed to the same name as "key A": B's file holds A's entry.
    fs::copy_file(entry_file(folder, "key A"), entry_file(folder, "key B"));
    EXPECT_FALSE(cache.load("key B")) << "the stored key decides, not the file name";
    EXPECT_TRUE(fs::exists(entry_file(folder, "key B"))) << "another key's entry is not damage";
    EXPECT_TRUE(cache.load("key A"));
}

TEST(PromptEmbeddingCache, DamagedEntriesAreDroppedAndRewritten) {
    pixart::test::TempDir tmp;
    PromptEmbeddingCache cache(tmp.file("cache"), 1 << 20);
    const auto s = sample(4);
    cache.store("key", s.embeds, s.mask, 4);
    const auto file = fs::directory_iterator(tmp.file("cache"))->path();
    fs::resize_file(file, fs::file_size(file) / 2);  // truncated
    EXPECT_FALSE(cache.load("key"));
    EXPECT_FALSE(fs::exists(file)) << "a damaged entry is removed";
    cache.store("key", s.embeds, s.mask, 4);
    EXPECT_TRUE(cache.load("key"));
    std::ofstream(file, std::ios::trunc) << "not a safetensors file";
    EXPECT_FALSE(cache.load("key"));
}

TEST(PromptEmbeddingCache, LeastRecentlyUsedEntriesGoPastTheCap) {
    pixart::test::TempDir tmp;
    const std::string folder = tmp.file("cache");
    const auto s = sample(12, 12, 256);  // ~12.4 KiB per entry
    PromptEmbeddingCache cache(folder, 45 * 1024);
    for (const char* key : {"k0", "k1", "k2"}) cache.store(key, s.embeds, s.mask, 12);
    // Stored hours ago, k0 first; then k0 is used again: k1 is now the least recently used.
    const auto now = fs::file_time_type::clock::now();
    fs::last_write_time(entry_file(folder, "k0"), now - std::chrono::hours(3));
    fs::last_write_time(entry_file(folder, "k1"), now - std::chrono::hours(2));
    fs::last_write_time(entry_file(folder, "k2"), now - std::chrono::hours(1));
    ASSERT_TRUE(cache.load("k0"));
    cache.store("k3", s.embeds, s.mask, 12);  // 4 entries > 45 KiB: evicted down to 90 %
    EXPECT_EQ(entries(folder), 3);
    EXPECT_FALSE(fs::exists(entry_file(folder, "k1")));
    for (const char* key : {"k0", "k2", "k3"}) EXPECT_TRUE(cache.load(key)) << key;
}

TEST(PromptEmbeddingCache, AFailingWriteMakesItReadOnlyNotAnError) {
    pixart::test::TempDir tmp;
    PromptEmbeddingCache cache(tmp.file("cache"), 1 << 20);
    const auto s = sample(2);
    cache.store("kept", s.embeds, s.mask, 2);
    // The next entry's file name is taken by a folder: the atomic rename fails like a full disk.
    PromptEmbeddingCache probe(tmp.file("probe"), 1 << 20);
    probe.store("new", s.embeds, s.mask, 2);
    const auto name = fs::directory_iterator(tmp.file("probe"))->path().filename();
    fs::create_directories(tmp.file("cache") + "/" + name.string() + "/blocker");
    EXPECT_NO_THROW(cache.store("new", s.embeds, s.mask, 2));
    EXPECT_TRUE(cache.read_only());
    EXPECT_NE(cache.status().find("read-only"), std::string::npos) << cache.status();
    EXPECT_TRUE(cache.load("kept")) << "what is there is still read";
    EXPECT_NO_THROW(cache.store("another", s.embeds, s.mask, 2));
}

TEST(PromptEmbeddingCache, AnUnusableFolderDisablesIt) {
    pixart::test::TempDir tmp;
    std::ofstream(tmp.file("a-file")) << "x";
    PromptEmbeddingCache cache(tmp.file("a-file") + "/cache", 1 << 20);
    EXPECT_FALSE(cache.enabled());
    EXPECT_NE(cache.status().find("cannot create"), std::string::npos) << cache.status();
    const auto s = sample(2);
    EXPECT_NO_THROW(cache.store("k", s.embeds, s.mask, 2));
    EXPECT_FALSE(cache.load("k"));
}

TEST(PromptEmbeddingCache, DefaultFolderFollowsXdg) {
    ::setenv("XDG_CACHE_HOME", "/tmp/xdg-test", 1);
    EXPECT_EQ(PromptEmbeddingCache::default_folder(),
              "/tmp/xdg-test/pixart-studio/prompt-embeddings");
    ::unsetenv("XDG_CACHE_HOME");
    ::setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(PromptEmbeddingCache::default_folder(),
              "/home/someone/.cache/pixart-studio/prompt-embeddings");
}

}  // namespace
