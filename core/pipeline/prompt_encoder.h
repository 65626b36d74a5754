// Text → T5 embeddings as PixArtSigmaPipeline.encode_prompt makes them, with a small cache so the
// same prompt (and negative prompt) is not encoded twice in a row, and the T5 encoder released
// afterwards when memory is tight.
#pragma once

#include <list>
#include <memory>
#include <string>
#include <vector>

#include "api/engine.h"
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

    // One row per text, in order. Loads the tokenizer and T5 encoder on first use. exact = T5 over
    // every position (diffusers' padded rows too); else over the real tokens only, padded rows
    // zero (see T5EncoderImpl::encode_real_tokens).
    EncodedPrompts encode(const std::vector<std::string>& texts, bool clean_caption, int max_length,
                          bool exact, const std::function<void(Stage)>& on_stage);

    TokenCount count_tokens(const std::string& text, bool clean_caption, int max_length);
    const T5Tokenizer& tokenizer();
    void clear_cache() { cache_.clear(); }

  private:
    struct CacheEntry {
        std::string text;
        bool clean_caption;
        int max_length;
        bool exact;
        torch::Tensor embeds;  // [1, L, C]
        torch::Tensor mask;    // [1, L]
    };
    const CacheEntry* find(const std::string& text, bool clean_caption, int max_length,
                           bool exact) const;

    ModelComponents& components_;
    std::unique_ptr<T5Tokenizer> tokenizer_;
    std::list<CacheEntry> cache_;  // most recent first
    static constexpr std::size_t kCacheSize = 8;
};

}  // namespace pixart
