// The sentencepiece module: the only code that links libsentencepiece (see pixart_spm.h for why).
// Built with hidden visibility; only the pixart_spm_* functions are exported.
#include "pixart_spm.h"

#include <sentencepiece_processor.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#define PIXART_SPM_EXPORT __attribute__((visibility("default")))

struct pixart_spm {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

thread_local std::string g_last_error;

void set_error(std::string message) { g_last_error = std::move(message); }

}  // namespace

extern "C" {

PIXART_SPM_EXPORT int pixart_spm_abi_version(void) { return PIXART_SPM_ABI_VERSION; }

PIXART_SPM_EXPORT pixart_spm* pixart_spm_open(const char* model_path) {
    try {
        if (model_path == nullptr) {
            set_error("no model path given");
            return nullptr;
        }
        auto model = std::make_unique<pixart_spm>();
        const auto status = model->processor.Load(model_path);
        if (!status.ok()) {
            set_error(status.ToString());
            return nullptr;
        }
        return model.release();
    } catch (const std::exception& e) {
        set_error(e.what());
    } catch (...) {
        set_error("unknown error while loading the sentencepiece model");
    }
    return nullptr;
}

PIXART_SPM_EXPORT void pixart_spm_free(pixart_spm* model) { delete model; }

PIXART_SPM_EXPORT int pixart_spm_vocab_size(const pixart_spm* model) {
    return model ? model->processor.GetPieceSize() : -1;
}

PIXART_SPM_EXPORT long pixart_spm_encode(const pixart_spm* model, const char* text, size_t length,
                                         int32_t* ids, size_t capacity) {
    try {
        if (model == nullptr || (text == nullptr && length > 0)) {
            set_error("invalid arguments to pixart_spm_encode");
            return -1;
        }
        std::vector<std::string> pieces;
        const auto status =
            model->processor.Encode(absl::string_view(text ? text : "", length), &pieces);
        if (!status.ok()) {
            set_error(status.ToString());
            return -1;
        }
        // transformers maps each piece string back through piece_to_id rather than taking the
        // encoder's ids; the two agree except in corner cases, and this is the reference.
        const size_t n = std::min(capacity, pieces.size());
        for (size_t i = 0; i < n; ++i) ids[i] = model->processor.PieceToId(pieces[i]);
        return static_cast<long>(pieces.size());
    } catch (const std::exception& e) {
        set_error(e.what());
    } catch (...) {
        set_error("unknown error while encoding");
    }
    return -1;
}

PIXART_SPM_EXPORT int pixart_spm_piece_to_id(const pixart_spm* model, const char* piece,
                                             size_t length) {
    if (model == nullptr || (piece == nullptr && length > 0)) return -1;
    return model->processor.PieceToId(absl::string_view(piece ? piece : "", length));
}

PIXART_SPM_EXPORT long pixart_spm_id_to_piece(const pixart_spm* model, int id, char* buffer,
                                              size_t capacity) {
    if (model == nullptr || id < 0 || id >= model->processor.GetPieceSize()) {
        set_error("piece id out of range");
        return -1;
    }
    const std::string& piece = model->processor.IdToPiece(id);
    if (buffer != nullptr) std::memcpy(buffer, piece.data(), std::min(capacity, piece.size()));
    return static_cast<long>(piece.size());
}

PIXART_SPM_EXPORT const char* pixart_spm_last_error(void) { return g_last_error.c_str(); }

}  // extern "C"
