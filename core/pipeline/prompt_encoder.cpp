#include "prompt_encoder.h"

#include <algorithm>
#include <map>

namespace pixart {

PromptEncoder::PromptEncoder(ModelComponents& components) : components_(components) {
    const auto& options = components_.options();
    if (!options.prompt_cache_folder.empty() && !options.random_weights) {
        disk_ = std::make_unique<PromptEmbeddingCache>(options.prompt_cache_folder,
                                                       options.prompt_cache_max_bytes);
    }
}

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

std::string PromptEncoder::key_of(const TokenizedPrompt& tokens, int max_length, bool exact) {
    // Everything T5's output depends on. The text itself is not needed: its ids after diffusers'
    // preprocessing (clean_caption, truncation to max_length) are what T5 sees. Resident and
    // streamed encoders give the same bits, so they share entries.
    const auto& options = components_.options();
    std::string key = "pixart-prompt-embedding/1\nencoder=";
    key += options.random_weights ? "random" : components_.text_encoder_identity();
    key += "\nmode=";
    key += exact ? "all-positions" : "real-tokens";
    key += "\ndtype=";
    key += c10::toString(options.text_encoder_dtype);
    key += "\ndevice=";
    key += c10::DeviceTypeName(options.text_encoder_device.type(), /*lower_case=*/true);
    key += "\nlength=" + std::to_string(max_length) + "\nids=";
    for (std::size_t i = 0; i < tokens.input_ids.size(); ++i) {
        if (tokens.attention_mask[i] == 0) continue;
        key += std::to_string(tokens.input_ids[i]) + ",";
    }
    return key;
}

PromptEncoder::Entry* PromptEncoder::find_in_memory(const std::string& key) {
    for (auto it = memory_.begin(); it != memory_.end(); ++it) {
        if (it->key == key) {
            memory_.splice(memory_.begin(), memory_, it);  // most recent first
            return &memory_.front();
        }
    }
    return nullptr;
}

PromptEncoder::Entry& PromptEncoder::remember(Entry entry) {
    memory_.push_front(std::move(entry));
    if (memory_.size() > kMemoryEntries) memory_.pop_back();
    return memory_.front();
}

const PromptEncoder::Entry* PromptEncoder::find(const std::string& key) {
    if (Entry* entry = find_in_memory(key)) {
        // An entry needs_text_encoder read from disk counts as a disk hit when first used.
        ++(entry->from_disk && !entry->used ? stats_.disk_hits : stats_.memory_hits);
        entry->used = true;
        return entry;
    }
    if (!disk_) return nullptr;
    auto cached = disk_->load(key);
    if (!cached) return nullptr;
    ++stats_.disk_hits;
    const auto& options = components_.options();
    return &remember(
        Entry{key, cached->embeds.to(options.text_encoder_device, options.text_encoder_dtype),
              cached->mask.to(options.text_encoder_device), true, true});
}

bool PromptEncoder::needs_text_encoder(const std::vector<std::string>& texts, bool clean_caption,
                                       int max_length, bool exact) {
    for (const auto& text : texts) {
        const auto key =
            key_of(tokenizer().encode(text, clean_caption, max_length), max_length, exact);
        if (find_in_memory(key) != nullptr) continue;
        if (!disk_) return true;
        auto cached = disk_->load(key);
        if (!cached) return true;
        const auto& options = components_.options();
        remember(Entry{key,
                       cached->embeds.to(options.text_encoder_device, options.text_encoder_dtype),
                       cached->mask.to(options.text_encoder_device), true, false});
    }
    return false;
}

EncodedPrompts PromptEncoder::encode(const std::vector<std::string>& texts, bool clean_caption,
                                     int max_length, bool exact, EncoderPlacement placement,
                                     const std::function<void(Stage)>& on_stage) {
    torch::NoGradGuard no_grad;
    const auto& options = components_.options();
    // 1. Each text's key; the cached ones are found now, the others are encoded together below.
    // (The in-memory cache holds only a few entries: a long batch keeps its own here.)
    std::vector<std::string> keys;
    std::map<std::string, std::pair<torch::Tensor, torch::Tensor>> found;  // key -> embeds, mask
    std::vector<TokenizedPrompt> missing;
    std::vector<std::string> missing_keys;
    for (const auto& text : texts) {
        const TokenizedPrompt tokens = tokenizer().encode(text, clean_caption, max_length);
        const std::string key = key_of(tokens, max_length, exact);
        keys.push_back(key);
        if (found.count(key) != 0 ||
            std::find(missing_keys.begin(), missing_keys.end(), key) != missing_keys.end())
            continue;
        if (const Entry* entry = find(key)) {
            found[key] = {entry->embeds, entry->mask};
        } else {
            missing.push_back(tokens);
            missing_keys.push_back(key);
        }
    }

    // 2. The texts no cache holds, through T5 in one go: each encoded alone (batch 1, as the
    // goldens were, so its bits do not depend on the others), but a streamed T5 reads its
    // weights once for all of them (the prompt and the negative prompt: half the reading).
    if (!missing.empty()) {
        if (!components_.text_encoder_loaded() && on_stage) on_stage(Stage::LoadingTextEncoder);
        auto& encoder = components_.text_encoder(placement);
        if (on_stage) on_stage(Stage::EncodingPrompt);
        const auto& device = options.text_encoder_device;
        std::vector<T5TextEncoder::Input> inputs;
        for (const auto& tokens : missing) {
            inputs.push_back(
                {torch::tensor(tokens.input_ids, torch::kInt64).unsqueeze(0).to(device),
                 torch::tensor(tokens.attention_mask, torch::kInt64).unsqueeze(0).to(device)});
        }
        const auto hidden = encoder.encode_each(inputs, exact);
        for (std::size_t i = 0; i < missing.size(); ++i) {
            ++stats_.encoded;
            if (disk_) {
                // Rows after the last real token are zero in real-token mode: not stored.
                std::int64_t rows = max_length;
                if (!exact) {
                    rows = 0;
                    const auto& mask = missing[i].attention_mask;
                    for (std::size_t p = 0; p < mask.size(); ++p)
                        if (mask[p] != 0) rows = static_cast<std::int64_t>(p) + 1;
                }
                disk_->store(missing_keys[i], hidden[i], inputs[i].attention_mask, rows);
            }
            remember(Entry{missing_keys[i], hidden[i], inputs[i].attention_mask, false, true});
            found[missing_keys[i]] = {hidden[i], inputs[i].attention_mask};
        }
    }

    // 3. In the order asked, on the transformer's device and dtype.
    std::vector<torch::Tensor> embeds, masks;
    for (const auto& key : keys) {
        embeds.push_back(found.at(key).first);
        masks.push_back(found.at(key).second);
    }
    return EncodedPrompts{torch::cat(embeds, 0).to(options.device, options.dtype),
                          torch::cat(masks, 0).to(options.device)};
}

}  // namespace pixart
