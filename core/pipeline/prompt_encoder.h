// Text → T5 embeddings as PixArtSigmaPipeline.encode_prompt makes them. Each text is tokenized,
// then looked up by its key (the text encoder's identity, the token ids, the length, the encode
// mode, T5's dtype and device) in a small in-memory cache, then in the prompt-embedding cache on
// disk; only a miss runs T5 (resident or streamed, as the job's memory plan says).
#pragma once

#include <functional>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "api/engine.h"
#include "cache/prompt_embedding_cache.h"
#include "model_components.h"
#include "text/t5_tokenizer.h"

namespace pixart {

struct EncodedPrompts {
    torch::Tensor embeds;  // [N, max_length, d_model] in the compute dtype, on the device
    torch::Tensor mask;    // [N, max_length] int64, on the device
};

class PromptEncoder {
  public:
    explicit PromptEncoder(ModelComponents& components);

    // Whether some text would run T5 (its embeddings are in neither cache). Entries found on
    // disk are kept in memory for the encode that follows.
    bool needs_text_encoder(const std::vector<std::string>& texts, bool clean_caption,
                            int max_length, bool exact);

    // One row per text, in order. exact = T5 over every position (diffusers' padded rows too);
    // else over the real tokens only, padded rows zero (see T5EncoderImpl::encode_real_tokens).
    // T5 is loaded with `placement` on the first miss.
    EncodedPrompts encode(const std::vector<std::string>& texts, bool clean_caption, int max_length,
                          bool exact, EncoderPlacement placement,
                          const std::function<void(Stage)>& on_stage);

    TokenCount count_tokens(const std::string& text, bool clean_caption, int max_length);
    const T5Tokenizer& tokenizer();
    void clear_cache() { memory_.clear(); }
    const PromptEmbeddingCache* disk_cache() const { return disk_.get(); }

    struct Stats {
        int encoded = 0;  // texts T5 ran for
        int memory_hits = 0;
        int disk_hits = 0;
    };
    const Stats& stats() const { return stats_; }

  private:
    struct Entry {
        std::string key;
        torch::Tensor embeds;  // [1, L, C], as T5 made it (its dtype and device)
        torch::Tensor mask;    // [1, L]
        bool from_disk = false;  // read from the disk cache (a disk hit when first used)
        bool used = false;
    };
    std::string key_of(const TokenizedPrompt& tokens, int max_length, bool exact);
    Entry* find_in_memory(const std::string& key);
    const Entry* find(const std::string& key);  // memory, then disk (kept in memory)
    Entry& remember(Entry entry);

    ModelComponents& components_;
    std::unique_ptr<T5Tokenizer> tokenizer_;
    std::unique_ptr<PromptEmbeddingCache> disk_;  // null: no disk cache (off, random weights)
    std::list<Entry> memory_;                     // most recent first
    Stats stats_;
    static constexpr std::size_t kMemoryEntries = 8;
};

}  // namespace pixart
