// Port of diffusers src/diffusers/models/resnet.py ResnetBlock2D (v0.30.3), the decoder's variant:
// no time embedding, SiLU, dropout 0, output_scale_factor 1.
#pragma once

#include <torch/torch.h>

namespace pixart {

class ResnetBlock2DImpl : public torch::nn::Module {
  public:
    ResnetBlock2DImpl(int64_t in_channels, int64_t out_channels, int64_t groups, double eps);

    // [B, in, H, W] -> [B, out, H, W]
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::GroupNorm norm1{nullptr};
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::GroupNorm norm2{nullptr};
    torch::nn::Conv2d conv2{nullptr};
    // 1x1 projection of the residual, only when the channel count changes (diffusers'
    // use_in_shortcut).
    torch::nn::Conv2d conv_shortcut{nullptr};
};
TORCH_MODULE(ResnetBlock2D);

}  // namespace pixart
