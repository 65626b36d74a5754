// The T5 tokenizer exactly as diffusers' PixArtSigmaPipeline.encode_prompt drives transformers'
// slow T5Tokenizer (4.41.2, legacy=True, extra_ids=100): prompt preprocessing (lower()+strip() or
// _clean_caption twice), special-token strings split out before sentencepiece, </s> appended,
// truncation and padding to max_length. Torch-free and Qt-free: the CLI and the studio use it too.
// Sentencepiece runs in a dlopen()ed module (see sentencepiece_library.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/prompt_tokenizer.h"

namespace pixart {

class SentencePieceModel;

class T5Tokenizer {
  public:
    static constexpr std::int64_t kPadId = 0;
    static constexpr std::int64_t kEosId = 1;
    static constexpr std::int64_t kUnkId = 2;
    static constexpr int kExtraIds = 100;  // <extra_id_0> .. <extra_id_99> = vocab_size()-1 .. -100

    // Throws pixart::Error: ModelFolder (file missing), CorruptFile (not a sentencepiece model),
    // Unsupported (tokenizer module not found / not loadable).
    explicit T5Tokenizer(const std::string& spiece_model_path);

    // tokenizer(preprocess(prompt), padding='max_length', max_length, truncation=True,
    // add_special_tokens=True). Throws Error(InvalidArgument) when max_length < 2.
    TokenizedPrompt encode(const std::string& prompt, bool clean_caption = false,
                           int max_length = 300) const;

    // diffusers' _text_preprocessing: text.lower().strip(), or _clean_caption applied twice.
    std::string preprocess(const std::string& prompt, bool clean_caption) const;

    // Ids of already preprocessed text, without </s> (T5Tokenizer.tokenize +
    // convert_tokens_to_ids).
    std::vector<std::int64_t> tokenize(const std::string& text) const;

    // Piece strings of ids ("▁a", "</s>", "<extra_id_0>"). Throws Error(InvalidArgument) for an id
    // outside the vocabulary.
    std::vector<std::string> pieces(const std::vector<std::int64_t>& ids) const;

    // Sentencepiece pieces + extra ids (32100 for T5).
    int vocab_size() const;
    const std::string& model_path() const;

  private:
    std::shared_ptr<const SentencePieceModel> model_;
};

}  // namespace pixart
