// Port of diffusers src/diffusers/models/resnet.py ResnetBlock2D (v0.30.3)
#include "models/vae/resnet_block_2d.h"

namespace pixart {

namespace {
torch::nn::Conv2dOptions conv3x3(int64_t in, int64_t out) {
    return torch::nn::Conv2dOptions(in, out, 3).stride(1).padding(1).bias(true);
}
}  // namespace

ResnetBlock2DImpl::ResnetBlock2DImpl(int64_t in_channels, int64_t out_channels, int64_t groups,
                                     double eps) {
    norm1 = register_module(
        "norm1", torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, in_channels).eps(eps)));
    conv1 = register_module("conv1", torch::nn::Conv2d(conv3x3(in_channels, out_channels)));
    norm2 = register_module(
        "norm2", torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, out_channels).eps(eps)));
    conv2 = register_module("conv2", torch::nn::Conv2d(conv3x3(out_channels, out_channels)));
    if (in_channels != out_channels) {
        conv_shortcut = register_module(
            "conv_shortcut",
            torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, out_channels, 1).bias(true)));
    }
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x) {
    // The norm outputs are fresh tensors, so SiLU runs in place to keep one fewer activation alive.
    auto h = norm1(x);
    torch::silu_(h);
    h = conv1(h);
    h = norm2(h);
    torch::silu_(h);
    h = conv2(h);
    // diffusers computes (input + hidden) / output_scale_factor with the factor 1; IEEE addition
    // is commutative, so adding in place into h gives the same bits without a new tensor.
    if (conv_shortcut) {
        h.add_(conv_shortcut(x));
    } else {
        h.add_(x);
    }
    return h;
}

}  // namespace pixart
