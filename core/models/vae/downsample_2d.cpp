// Port of diffusers src/diffusers/models/downsampling.py Downsample2D (v0.30.3)
#include "models/vae/downsample_2d.h"

namespace pixart {

Downsample2DImpl::Downsample2DImpl(int64_t channels) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).stride(2)));
}

torch::Tensor Downsample2DImpl::forward(const torch::Tensor& x) {
    return conv(torch::constant_pad_nd(x, {0, 1, 0, 1}, 0));
}

}  // namespace pixart
