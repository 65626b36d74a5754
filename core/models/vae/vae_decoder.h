// Port of diffusers src/diffusers/models/autoencoders/vae.py Decoder (v0.30.3), norm_type "group":
// conv_in -> mid block (with attention) -> up blocks -> GroupNorm -> SiLU -> conv_out.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "config/vae_config.h"
#include "models/vae/unet_mid_block_2d.h"
#include "models/vae/up_decoder_block_2d.h"

namespace pixart {

class VaeDecoderImpl : public torch::nn::Module {
  public:
    explicit VaeDecoderImpl(const VaeConfig& config);

    // [B, latent_channels, h, w] -> [B, out_channels, h * scale_factor, w * scale_factor]
    torch::Tensor forward(const torch::Tensor& z);

    // Public so the parity tests can check every stage against the diffusers hooks.
    torch::nn::Conv2d conv_in{nullptr};
    UNetMidBlock2D mid_block{nullptr};
    std::vector<UpDecoderBlock2D> up_blocks;
    torch::nn::GroupNorm conv_norm_out{nullptr};
    torch::nn::Conv2d conv_out{nullptr};
};
TORCH_MODULE(VaeDecoder);

}  // namespace pixart
