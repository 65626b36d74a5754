#include "cache/prompt_embedding_cache.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "api/errors.h"
#include "loading/safetensors_file.h"
#include "loading/safetensors_writer.h"
#include "loading/tensor_loading.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

const char* const kFormat = "pixart-prompt-embedding-1";

std::string hex64(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

}  // namespace

std::uint64_t fnv1a64(const std::string& bytes, std::uint64_t hash) {
    for (const unsigned char c : bytes) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

PromptEmbeddingCache::PromptEmbeddingCache(std::string folder, std::int64_t max_bytes)
    : folder_(std::move(folder)), max_bytes_(max_bytes) {
    if (folder_.empty()) {
        enabled_ = false;
        problem_ = "no cache folder (neither XDG_CACHE_HOME nor HOME is set)";
        return;
    }
    std::error_code ec;
    fs::create_directories(folder_, ec);
    if (ec || !fs::is_directory(folder_)) {
        enabled_ = false;
        problem_ = "cannot create " + folder_ + (ec ? ": " + ec.message() : "");
    }
}

std::string PromptEmbeddingCache::default_folder() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg != nullptr && xdg[0] == '/')
        return std::string(xdg) + "/pixart-studio/prompt-embeddings";
    const char* home = std::getenv("HOME");
    if (home != nullptr && home[0] != '\0')
        return std::string(home) + "/.cache/pixart-studio/prompt-embeddings";
    return "";
}

std::string PromptEmbeddingCache::status() const {
    if (!enabled_) return "prompt cache off: " + problem_;
    if (read_only_) return "prompt cache read-only: " + problem_;
    return "";
}

std::string PromptEmbeddingCache::entry_path(const std::string& key) const {
    return folder_ + "/" + hex64(fnv1a64(key)) + ".safetensors";
}

std::optional<CachedPromptEmbedding> PromptEmbeddingCache::load(const std::string& key) {
    if (!enabled_) return std::nullopt;
    const std::string path = entry_path(key);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    try {
        SafetensorsFile file(path);
        const auto& meta = file.metadata();
        const auto format = meta.find("format");
        const auto stored_key = meta.find("key");
        if (format == meta.end() || format->second != kFormat || stored_key == meta.end() ||
            stored_key->second != key) {
            return std::nullopt;  // another key with the same hash, or another format
        }
        const auto* embeds_info = file.find("embeds");
        const auto* mask_info = file.find("mask");
        if (embeds_info == nullptr || mask_info == nullptr || embeds_info->shape.size() != 2 ||
            mask_info->shape.size() != 1 || embeds_info->shape[0] > mask_info->shape[0]) {
            throw Error(ErrorKind::CorruptFile, path + ": not a prompt embedding");
        }
        const auto rows = read_tensor(file, *embeds_info);  // [n, d]
        const auto mask = read_tensor(file, *mask_info).to(torch::kInt64);
        const std::int64_t length = mask.size(0);
        auto embeds = torch::zeros({1, length, rows.size(1)}, rows.options());
        embeds[0].narrow(0, 0, rows.size(0)).copy_(rows);
        ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);  // recently used (LRU eviction)
        return CachedPromptEmbedding{embeds, mask.unsqueeze(0)};
    } catch (const std::exception&) {
        // Damaged (truncated, overwritten, not ours): drop it; the next store rewrites it.
        if (!read_only_) fs::remove(path, ec);
        return std::nullopt;
    }
}

void PromptEmbeddingCache::store(const std::string& key, const torch::Tensor& embeds,
                                 const torch::Tensor& mask, std::int64_t stored_rows) {
    if (!enabled_ || read_only_) return;
    try {
        const auto rows = embeds[0].narrow(0, 0, stored_rows).to(torch::kCPU).contiguous();
        write_safetensors(entry_path(key), {{"embeds", rows}, {"mask", mask[0].to(torch::kCPU)}},
                          {{"format", kFormat}, {"key", key}});
        evict_to_cap();
    } catch (const std::exception& e) {
        // A full disk or a read-only folder: keep what is there, stop writing, go on generating.
        read_only_ = true;
        problem_ = e.what();
    }
}

void PromptEmbeddingCache::evict_to_cap() const {
    struct Entry {
        fs::path path;
        std::int64_t bytes;
        fs::file_time_type used;
    };
    std::vector<Entry> entries;
    std::int64_t total = 0;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(folder_, ec)) {
        if (item.path().extension() != ".safetensors" || !item.is_regular_file(ec)) continue;
        const auto bytes = static_cast<std::int64_t>(item.file_size(ec));
        entries.push_back({item.path(), bytes, item.last_write_time(ec)});
        total += bytes;
    }
    if (total <= max_bytes_) return;
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.used < b.used; });
    // Down to 90 % of the cap, so a full cache does not evict on every store.
    for (const auto& e : entries) {
        if (total <= max_bytes_ / 10 * 9) break;
        if (fs::remove(e.path, ec)) total -= e.bytes;
    }
}

}  // namespace pixart
