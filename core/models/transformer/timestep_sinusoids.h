// Port of diffusers models/embeddings.py get_timestep_embedding / Timesteps (v0.30.3).
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace pixart {

// timesteps [B] (any numeric dtype) -> float32 [B, num_channels] sinusoidal features:
// freqs = exp(-ln(10000) * arange(half) / (half - downscale_freq_shift)) in float32, angles
// t.float() * freqs, output [cos | sin] when flip_sin_to_cos (PixArt: true, shift 0).
torch::Tensor timestep_sinusoids(const torch::Tensor& timesteps, int64_t num_channels,
                                 bool flip_sin_to_cos = true, double downscale_freq_shift = 0.0);

}  // namespace pixart
