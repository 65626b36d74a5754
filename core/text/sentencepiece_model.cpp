#include "text/sentencepiece_model.h"

#include <filesystem>

#include "api/errors.h"
#include "text/sentencepiece_library.h"

namespace pixart {

SentencePieceModel::SentencePieceModel(const std::string& model_path) : path_(model_path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(model_path, ec)) {
        throw Error(ErrorKind::ModelFolder,
                    model_path + ": sentencepiece tokenizer model is missing");
    }
    library_ = SentencePieceLibrary::load();
    handle_ = library_->open(model_path.c_str());
    if (handle_ == nullptr) {
        throw Error(ErrorKind::CorruptFile, model_path + ": not a readable sentencepiece model (" +
                                                library_->last_error() + ")");
    }
    vocab_size_ = library_->vocab_size(handle_);
}

SentencePieceModel::~SentencePieceModel() {
    if (handle_ != nullptr) library_->free(handle_);
}

std::vector<std::int32_t> SentencePieceModel::encode(const std::string& text) const {
    // Pieces rarely outnumber bytes, but NFKC can expand one character into many: retry once with
    // the exact size when the first guess is short.
    std::vector<std::int32_t> ids(text.size() + 2);
    long n = library_->encode(handle_, text.data(), text.size(), ids.data(), ids.size());
    if (n > static_cast<long>(ids.size())) {
        ids.resize(static_cast<size_t>(n));
        n = library_->encode(handle_, text.data(), text.size(), ids.data(), ids.size());
    }
    if (n < 0) {
        throw Error(ErrorKind::Internal, path_ + ": sentencepiece could not encode the text (" +
                                             library_->last_error() + ")");
    }
    ids.resize(static_cast<size_t>(n));
    return ids;
}

int SentencePieceModel::piece_to_id(const std::string& piece) const {
    return library_->piece_to_id(handle_, piece.data(), piece.size());
}

std::string SentencePieceModel::id_to_piece(int id) const {
    const long n = library_->id_to_piece(handle_, id, nullptr, 0);
    if (n < 0) {
        throw Error(ErrorKind::InvalidArgument,
                    "token id " + std::to_string(id) + " is outside the vocabulary of " + path_);
    }
    std::string piece(static_cast<size_t>(n), '\0');
    library_->id_to_piece(handle_, id, piece.data(), piece.size());
    return piece;
}

}  // namespace pixart
