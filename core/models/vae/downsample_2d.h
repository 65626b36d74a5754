// Port of diffusers src/diffusers/models/downsampling.py Downsample2D (v0.30.3) as the VAE encoder
// builds it: padding 0, so the input is first padded with one zero row and column on the
// bottom/right only, then a 3x3 convolution with stride 2.
#pragma once

#include <torch/torch.h>

namespace pixart {

class Downsample2DImpl : public torch::nn::Module {
  public:
    explicit Downsample2DImpl(int64_t channels);

    // [B, C, H, W] -> [B, C, ceil(H / 2), ceil(W / 2)]
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Downsample2D);

}  // namespace pixart
