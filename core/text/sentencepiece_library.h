// Finds and dlopen()s the sentencepiece module (libpixart_spm.so) and resolves its C functions.
// The core must never link sentencepiece next to libtorch (TOOLCHAIN.md, trap 1); the module is
// opened RTLD_LOCAL | RTLD_DEEPBIND so its protobuf never meets libtorch's.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "text/sentencepiece_module/pixart_spm.h"

namespace pixart {

class SentencePieceLibrary {
  public:
    // The module for this process, loaded on first use and kept for the process's lifetime
    // (never dlclose()d: sentencepiece's static state must outlive every model). Looked for in
    // order: $PIXART_TOKENIZER_MODULE (a file or a folder; when set, nothing else is tried), the
    // executable's folder, <exe folder>/../lib/pixart-studio, the install and build module
    // folders. Throws pixart::Error(Unsupported) naming the places searched.
    static std::shared_ptr<const SentencePieceLibrary> load();

    // Where load() looks, in order (for messages and tests).
    static std::vector<std::string> search_paths();

    const std::string& path() const { return path_; }

    pixart_spm_open_fn open = nullptr;
    pixart_spm_free_fn free = nullptr;
    pixart_spm_vocab_size_fn vocab_size = nullptr;
    pixart_spm_encode_fn encode = nullptr;
    pixart_spm_piece_to_id_fn piece_to_id = nullptr;
    pixart_spm_id_to_piece_fn id_to_piece = nullptr;
    pixart_spm_last_error_fn last_error = nullptr;

  private:
    explicit SentencePieceLibrary(const std::string& path);
    std::string path_;
};

}  // namespace pixart
