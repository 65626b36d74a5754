// The tiny model's VAE (loaded once per test process) and seeded latents at the scale the
// pipeline hands the decoder, for the VAE tests (test_autoencoder_kl, test_banded_vae_decode).
#pragma once

#include <torch/torch.h>

#include <cstdint>

#include "models/vae/autoencoder_kl.h"

namespace pixart::test {

AutoencoderKL& tiny_vae();

// randn([batch, 4, height, width]) from CPU generator `seed`, divided by SDXL's scaling factor.
torch::Tensor seeded_latents(std::int64_t batch, std::int64_t height, std::int64_t width,
                             std::uint64_t seed);

}  // namespace pixart::test
