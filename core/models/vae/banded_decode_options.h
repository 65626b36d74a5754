// How AutoencoderKL::decode_banded decodes a large latent exactly in bands of rows, and what it
// used (torch-free).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

namespace pixart {

struct BandedDecodeOptions {
    // One band's convolution input, in bytes: a 3x3 convolution reads its band plus one row
    // above and below, so rows = band_bytes / (channels x width x element size), at least 1.
    // Larger bands give the GEMMs longer rows; smaller ones a smaller working set.
    std::int64_t band_bytes = std::int64_t{32} << 20;
    // The decoder keeps two or three whole activations between its GroupNorms (a norm needs the
    // statistics of its whole input before its first band). Above this many bytes of them in
    // memory at once, further ones are memory-mapped from unlinked files in spill_directory, so
    // the kernel can write them out instead of running out of memory.
    std::int64_t resident_activation_bytes = std::numeric_limits<std::int64_t>::max();
    std::string spill_directory;  // "" = the system's temporary directory

    // The mid block's attention is global (exact) up to this many latent positions: 256x256,
    // i.e. 2048x2048 pixels, ~9 TFLOP. Above, it attends within windows of attention_window
    // latent cells overlapping by attention_overlap (models/vae/windowed_attention.h): global
    // attention at 4096x4096 would cost ~140 TFLOP, more than the rest of the decode.
    std::int64_t max_global_attention_tokens = std::int64_t{256} * 256;
    int attention_window = 128;
    int attention_overlap = 32;

    // Called before every band (when set) with the bands done and the bands in all: a decode
    // of minutes at print sizes shows its progress and stays cancellable — the pipeline throws
    // Cancelled from here, and the store frees everything.
    std::function<void(std::int64_t done, std::int64_t total)> before_band;

    // Whether a latent of this size is decoded exactly (equal to the untiled decode).
    bool exact(std::int64_t latent_height, std::int64_t latent_width) const {
        return latent_height * latent_width <= max_global_attention_tokens;
    }
};

// What a banded decode used, for the bench and diagnostics.
struct BandedDecodeStats {
    std::int64_t peak_spilled_bytes = 0;  // whole activations memory-mapped on disk at once
};

}  // namespace pixart
