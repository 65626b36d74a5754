// The decode step of a generation: untiled up to TiledDecodeOptions::max_untiled_latent_area,
// above it banded (exact) or, under the low-memory measures, in tiles.
#pragma once

#include <torch/torch.h>

#include "models/vae/autoencoder_kl.h"

namespace pixart {

// z: latents / scaling_factor in the VAE's dtype -> the raw image [B, 3, 8h, 8w], float32, on
// the VAE's device. A banded decode that cannot place its activations (its spill files: a full
// disk, an unwritable temporary folder) falls back to the tiled decode rather than losing the
// denoised latents: the image is then close to, not equal to, the exact decode.
torch::Tensor decode_latents(AutoencoderKLImpl& vae, const torch::Tensor& z,
                             const TiledDecodeOptions& tiles, const BandedDecodeOptions& bands);

}  // namespace pixart
