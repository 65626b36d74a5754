// Prompt embeddings kept on disk between jobs, runs and programs (the studio and the CLI share
// the folder): a repeated prompt — "use again", a batch, a re-run after a restart — never touches
// T5. One safetensors file per entry, named by a 64-bit hash of its key; the key itself is stored
// in the file and compared on read, so a hash collision is a miss, never a wrong image. Entries
// used least recently go when the folder passes its size cap. A damaged entry is ignored (and
// rewritten by the next store); when a write fails (full disk, read-only folder) the cache turns
// read-only for the rest of the process and never fails a generation.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>

namespace pixart {

struct CachedPromptEmbedding {
    torch::Tensor embeds;  // [1, L, d_model] on the CPU, in the dtype it was stored in
    torch::Tensor mask;    // [1, L] int64
};

class PromptEmbeddingCache {
  public:
    // `folder` is created when missing (failure: the cache is disabled, status() says why).
    PromptEmbeddingCache(std::string folder, std::int64_t max_bytes);

    // The default folder: $XDG_CACHE_HOME/pixart-studio/prompt-embeddings, else
    // ~/.cache/pixart-studio/prompt-embeddings ("" when neither variable is set).
    static std::string default_folder();

    // The entry stored under `key`, or nullopt (absent, damaged, another key). A hit marks the
    // entry as recently used.
    std::optional<CachedPromptEmbedding> load(const std::string& key);

    // Stores embeds [1, L, d] and mask [1, L]; `stored_rows` (<= L) rows are written, the rest are
    // known zero (encode_real_tokens) and restored as zeros. Never throws for I/O.
    void store(const std::string& key, const torch::Tensor& embeds, const torch::Tensor& mask,
               std::int64_t stored_rows);

    bool enabled() const { return enabled_; }
    bool read_only() const { return read_only_; }
    const std::string& folder() const { return folder_; }
    std::string status() const;  // "" when all is well, else why it is disabled or read-only

  private:
    std::string entry_path(const std::string& key) const;
    void evict_to_cap() const;

    std::string folder_;
    std::int64_t max_bytes_;
    bool enabled_ = true;
    bool read_only_ = false;
    std::string problem_;
};

// 64-bit FNV-1a: names cache entries and fingerprints headers (not a cryptographic hash).
std::uint64_t fnv1a64(const std::string& bytes, std::uint64_t hash = 14695981039346656037ull);

}  // namespace pixart
