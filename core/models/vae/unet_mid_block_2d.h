// Port of diffusers src/diffusers/models/unets/unet_2d_blocks.py UNetMidBlock2D (v0.30.3) as the
// VAE decoder builds it: resnet, then (attention, resnet) once; no time embedding.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/vae/resnet_block_2d.h"
#include "models/vae/vae_attention.h"

namespace pixart {

class UNetMidBlock2DImpl : public torch::nn::Module {
  public:
    UNetMidBlock2DImpl(int64_t channels, int64_t groups, double eps, bool add_attention);

    // [B, C, H, W] -> [B, C, H, W]
    torch::Tensor forward(const torch::Tensor& x);

    std::vector<ResnetBlock2D> resnets;
    std::vector<VaeAttention> attentions;  // empty when mid_block_add_attention is false
};
TORCH_MODULE(UNetMidBlock2D);

}  // namespace pixart
