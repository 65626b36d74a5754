// One sentencepiece model (e.g. a T5 spiece.model), used through the dlopen()ed module.
// Thread-safe: encoding does not modify the model.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct pixart_spm;

namespace pixart {

class SentencePieceLibrary;

class SentencePieceModel {
  public:
    // Throws pixart::Error: ModelFolder when the file is missing, CorruptFile when sentencepiece
    // cannot read it, Unsupported when the tokenizer module cannot be loaded.
    explicit SentencePieceModel(const std::string& model_path);
    ~SentencePieceModel();
    SentencePieceModel(const SentencePieceModel&) = delete;
    SentencePieceModel& operator=(const SentencePieceModel&) = delete;

    // Ids of the pieces of UTF-8 text (no BOS/EOS), as transformers' slow tokenizers get them.
    std::vector<std::int32_t> encode(const std::string& text) const;
    int piece_to_id(const std::string& piece) const;
    std::string id_to_piece(int id) const;  // throws Error(InvalidArgument) out of range
    int vocab_size() const { return vocab_size_; }
    const std::string& path() const { return path_; }

  private:
    std::shared_ptr<const SentencePieceLibrary> library_;
    pixart_spm* handle_ = nullptr;
    int vocab_size_ = 0;
    std::string path_;
};

}  // namespace pixart
