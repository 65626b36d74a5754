// Port of transformers models/t5/tokenization_t5.py + tokenization_utils.py (4.41.2), slow
// T5Tokenizer with legacy=True, and of diffusers' PixArtSigmaPipeline._text_preprocessing
// (v0.30.3).
#include "text/t5_tokenizer.h"

#include <optional>

#include "api/errors.h"
#include "api/generation_request.h"
#include "text/caption_cleaner.h"
#include "text/prompt_text.h"
#include "text/sentencepiece_model.h"

namespace pixart {
namespace {

// An added token matched in the text before sentencepiece runs (transformers' tokens_trie).
struct AddedToken {
    std::int64_t id;
    bool strip_around;  // lstrip=rstrip=True for <extra_id_N>, False for </s> <pad> <unk>
};

// Every added token of T5 starts with '<', ends at the first '>' and holds no other '<', so
// matches cannot overlap and the trie's longest-match rule reduces to "the text up to the next
// '>'".
std::optional<AddedToken> added_token(const std::string& text, int vocab_size) {
    if (text == "<pad>") return AddedToken{T5Tokenizer::kPadId, false};
    if (text == "</s>") return AddedToken{T5Tokenizer::kEosId, false};
    if (text == "<unk>") return AddedToken{T5Tokenizer::kUnkId, false};
    static const std::string prefix = "<extra_id_";
    if (text.size() > prefix.size() + 1 && text.compare(0, prefix.size(), prefix) == 0 &&
        text.back() == '>') {
        const std::string digits = text.substr(prefix.size(), text.size() - prefix.size() - 1);
        if (digits.empty() || digits.size() > 2 || (digits.size() == 2 && digits[0] == '0'))
            return std::nullopt;
        for (char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
        }
        const int n = std::stoi(digits);
        return AddedToken{static_cast<std::int64_t>(vocab_size - 1 - n), true};
    }
    return std::nullopt;
}

struct Chunk {
    std::string text;                 // a text chunk when token is empty
    std::optional<AddedToken> token;  // or an added token
};

}  // namespace

T5Tokenizer::T5Tokenizer(const std::string& spiece_model_path)
    : model_(std::make_shared<SentencePieceModel>(spiece_model_path)) {}

int T5Tokenizer::vocab_size() const { return model_->vocab_size() + kExtraIds; }

const std::string& T5Tokenizer::model_path() const { return model_->path(); }

std::string T5Tokenizer::preprocess(const std::string& prompt, bool clean_caption) const {
    if (clean_caption) return CaptionCleaner::clean(CaptionCleaner::clean(prompt));
    return prompt_text::strip(prompt_text::lower(prompt));
}

std::vector<std::int64_t> T5Tokenizer::tokenize(const std::string& text) const {
    // tokens_trie.split(text)
    std::vector<Chunk> chunks;
    size_t start = 0;
    for (size_t open = text.find('<'); open != std::string::npos; open = text.find('<', open + 1)) {
        const size_t close = text.find('>', open);
        if (close == std::string::npos) break;
        if (auto token = added_token(text.substr(open, close - open + 1), vocab_size())) {
            chunks.push_back({text.substr(start, open - start), std::nullopt});
            chunks.push_back({std::string(), token});
            start = close + 1;
            open = close;
        }
    }
    chunks.push_back({text.substr(start), std::nullopt});

    // A token with rstrip eats the whitespace on its right, lstrip on its left (Python str.strip).
    for (size_t i = 0; i < chunks.size(); ++i) {
        if (!chunks[i].token || !chunks[i].token->strip_around) continue;
        if (i + 1 < chunks.size() && !chunks[i + 1].token)
            chunks[i + 1].text = prompt_text::lstrip(chunks[i + 1].text);
        if (i > 0 && !chunks[i - 1].token)
            chunks[i - 1].text = prompt_text::rstrip(chunks[i - 1].text);
    }

    // legacy=True: every text chunk is encoded on its own, with its own "▁" prefix.
    std::vector<std::int64_t> ids;
    for (const auto& chunk : chunks) {
        if (chunk.token) {
            ids.push_back(chunk.token->id);
        } else if (!chunk.text.empty()) {
            for (const auto id : model_->encode(chunk.text)) ids.push_back(id);
        }
    }
    return ids;
}

TokenizedPrompt T5Tokenizer::encode(const std::string& prompt, bool clean_caption,
                                    int max_length) const {
    if (max_length < 2) {
        throw Error(ErrorKind::InvalidArgument, "max_length " + std::to_string(max_length) +
                                                    " is too small (one token + </s> need 2)");
    }
    if (prompt.size() > kMaxPromptBytes) {
        throw Error(ErrorKind::InvalidArgument,
                    "a prompt of " + std::to_string(prompt.size()) + " bytes is too long: at most " +
                        std::to_string(kMaxPromptBytes) +
                        " are accepted (only the first 300 tokens are used)");
    }
    std::vector<std::int64_t> ids = tokenize(preprocess(prompt, clean_caption));

    // _add_eos_if_not_present: a prompt that already ends in a typed </s> gets no second one.
    const auto add_eos = [](std::vector<std::int64_t> sequence) {
        if (sequence.empty() || sequence.back() != kEosId) sequence.push_back(kEosId);
        return sequence;
    };
    TokenizedPrompt result;
    result.num_tokens = static_cast<int>(add_eos(ids).size());

    // Truncation reserves room for the one special token (num_special_tokens_to_add() == 1).
    const size_t total = ids.size() + 1;
    if (total > static_cast<size_t>(max_length))
        ids.resize(ids.size() - (total - static_cast<size_t>(max_length)));
    ids = add_eos(std::move(ids));

    result.input_ids = ids;
    result.input_ids.resize(static_cast<size_t>(max_length), kPadId);
    result.attention_mask.assign(static_cast<size_t>(max_length), 0);
    std::fill(result.attention_mask.begin(),
              result.attention_mask.begin() + static_cast<std::ptrdiff_t>(ids.size()), 1);
    return result;
}

std::vector<std::string> T5Tokenizer::pieces(const std::vector<std::int64_t>& ids) const {
    std::vector<std::string> out;
    out.reserve(ids.size());
    const int sp_size = model_->vocab_size();
    for (const auto id : ids) {
        if (id >= 0 && id < sp_size) {
            out.push_back(model_->id_to_piece(static_cast<int>(id)));
        } else if (id >= sp_size && id < vocab_size()) {
            out.push_back("<extra_id_" + std::to_string(vocab_size() - 1 - id) + ">");
        } else {
            throw Error(ErrorKind::InvalidArgument, "token id " + std::to_string(id) +
                                                        " is outside the T5 vocabulary (0.." +
                                                        std::to_string(vocab_size() - 1) + ")");
        }
    }
    return out;
}

}  // namespace pixart
