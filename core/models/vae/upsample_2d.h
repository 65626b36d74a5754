// Port of diffusers src/diffusers/models/upsampling.py Upsample2D (v0.30.3) as the VAE decoder
// uses it: nearest-neighbour x2, then a 3x3 conv (use_conv=True, no norm).
#pragma once

#include <torch/torch.h>

namespace pixart {

class Upsample2DImpl : public torch::nn::Module {
  public:
    explicit Upsample2DImpl(int64_t channels);

    // [B, C, H, W] -> [B, C, 2H, 2W]
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Upsample2D);

}  // namespace pixart
