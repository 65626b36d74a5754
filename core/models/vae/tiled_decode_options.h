// When a latent is too large to decode in one piece, and how: in bands (exact,
// AutoencoderKL::decode_banded) or in overlapping tiles (AutoencoderKL::decode_tiled). Torch-free.
#pragma once

#include <cstdint>

namespace pixart {

struct TiledDecodeOptions {
    // Tile edge in latent cells. 128 (1024 px) is the size the PixArt/SDXL VAE is trained at
    // (diffusers' tile_latent_min_size for sample_size 1024), so one tile costs what an untiled
    // 1024x1024 decode costs, whatever the image size.
    int tile_latent = 128;
    // Minimum overlap of neighbouring tiles in latent cells (diffusers' tile_overlap_factor 0.25);
    // the whole overlap is cross-faded linearly.
    int overlap_latent = 32;
    // Latents with more cells than this are not decoded in one piece (should_tile): above
    // 512x512 px the banded decode is as fast on the CPU and needs less memory (1024x1024:
    // 55 s and 2.8 GB peak against 61 s and 4.3 GB untiled, docs/PERFORMANCE.md §12).
    int64_t max_untiled_latent_area = 64 * 64;
    // Above it: true = the banded decode (exact up to 2048x2048, no seams at any size, see
    // BandedDecodeOptions); false = the tiles below (the low-memory measures: a tile's
    // activations are all it needs, no whole-image activations and no disk).
    bool banded = true;

    bool should_tile(int64_t latent_height, int64_t latent_width) const {
        return latent_height * latent_width > max_untiled_latent_area;
    }
};

}  // namespace pixart
