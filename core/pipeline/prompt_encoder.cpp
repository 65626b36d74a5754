#include "prompt_encoder.h"

namespace pixart {

PromptEncoder::PromptEncoder(ModelComponents& components) : components_(components) {}

const T5Tokenizer& PromptEncoder::tokenizer() {
    if (!tokenizer_) tokenizer_ = std::make_unique<T5Tokenizer>(components_.tokenizer_model());
    return *tokenizer_;
}

TokenCount PromptEncoder::count_tokens(const std::string& text, bool clean_caption,
                                       int max_length) {
    TokenCount count;
    count.tokens = tokenizer().encode(text, clean_caption, max_length).num_tokens;
    count.max_tokens = max_length;
    return count;
}

const PromptEncoder::CacheEntry* PromptEncoder::find(const std::string& text, bool clean_caption,
                                                     int max_length, bool exact) const {
    for (const auto& entry : cache_) {
        if (entry.text == text && entry.clean_caption == clean_caption &&
            entry.max_length == max_length && entry.exact == exact)
            return &entry;
    }
    return nullptr;
}

EncodedPrompts PromptEncoder::encode(const std::vector<std::string>& texts, bool clean_caption,
                                     int max_length, bool exact,
                                     const std::function<void(Stage)>& on_stage) {
    torch::NoGradGuard no_grad;
    const auto& options = components_.options();
    std::vector<torch::Tensor> embeds, masks;
    for (const auto& text : texts) {
        const CacheEntry* entry = find(text, clean_caption, max_length, exact);
        if (entry == nullptr) {
            const TokenizedPrompt tokens = tokenizer().encode(text, clean_caption, max_length);
            if (!components_.text_encoder_loaded() && on_stage) on_stage(Stage::LoadingTextEncoder);
            auto& encoder = components_.text_encoder();
            if (on_stage) on_stage(Stage::EncodingPrompt);
            const auto ids =
                torch::tensor(tokens.input_ids, torch::kInt64).unsqueeze(0).to(options.device);
            const auto mask =
                torch::tensor(tokens.attention_mask, torch::kInt64).unsqueeze(0).to(options.device);
            // Each text is encoded alone (batch 1), as the goldens were: T5 is per-row anyway, and
            // alone a short prompt costs its own length, not the longest prompt's.
            auto hidden =
                (exact ? encoder->forward(ids, mask) : encoder->encode_real_tokens(ids, mask))
                    .to(options.dtype);
            cache_.push_front(CacheEntry{text, clean_caption, max_length, exact, hidden, mask});
            if (cache_.size() > kCacheSize) cache_.pop_back();
            entry = &cache_.front();
        }
        embeds.push_back(entry->embeds);
        masks.push_back(entry->mask);
    }
    return EncodedPrompts{torch::cat(embeds, 0), torch::cat(masks, 0)};
}

}  // namespace pixart
