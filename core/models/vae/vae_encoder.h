// Port of diffusers src/diffusers/models/autoencoders/vae.py Encoder (v0.30.3), norm_type "group",
// double_z: conv_in -> down blocks -> mid block (with attention) -> GroupNorm -> SiLU -> conv_out
// to 2 x latent_channels (the posterior's mean and log-variance).
#pragma once

#include <torch/torch.h>

#include <vector>

#include "config/vae_config.h"
#include "models/vae/down_encoder_block_2d.h"
#include "models/vae/unet_mid_block_2d.h"

namespace pixart {

class VaeEncoderImpl : public torch::nn::Module {
  public:
    explicit VaeEncoderImpl(const VaeConfig& config);

    // [B, in_channels, H, W] -> [B, 2 * latent_channels, H / scale_factor, W / scale_factor]
    torch::Tensor forward(const torch::Tensor& x);

    // Public so the parity tests can check every stage against the diffusers hooks.
    torch::nn::Conv2d conv_in{nullptr};
    std::vector<DownEncoderBlock2D> down_blocks;
    UNetMidBlock2D mid_block{nullptr};
    torch::nn::GroupNorm conv_norm_out{nullptr};
    torch::nn::Conv2d conv_out{nullptr};
};
TORCH_MODULE(VaeEncoder);

}  // namespace pixart
