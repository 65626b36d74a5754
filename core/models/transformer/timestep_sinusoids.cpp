// Port of diffusers models/embeddings.py get_timestep_embedding (v0.30.3)
#include "models/transformer/timestep_sinusoids.h"

#include <cmath>

namespace pixart {

torch::Tensor timestep_sinusoids(const torch::Tensor& timesteps, int64_t num_channels,
                                 bool flip_sin_to_cos, double downscale_freq_shift) {
    const int64_t half = num_channels / 2;
    // Same op sequence as diffusers so that float32 rounding matches.
    auto exponent =
        torch::arange(0, half,
                      torch::TensorOptions().dtype(torch::kFloat32).device(timesteps.device())) *
        (-std::log(10000.0));
    exponent = exponent / (static_cast<double>(half) - downscale_freq_shift);
    auto angles =
        timesteps.reshape({-1, 1}).to(torch::kFloat32) * exponent.exp().unsqueeze(0);  // [B, half]
    auto emb = flip_sin_to_cos ? torch::cat({angles.cos(), angles.sin()}, -1)
                               : torch::cat({angles.sin(), angles.cos()}, -1);
    if (num_channels % 2 == 1)
        emb = torch::nn::functional::pad(emb, torch::nn::functional::PadFuncOptions({0, 1}));
    return emb;  // [B, num_channels]
}

}  // namespace pixart
