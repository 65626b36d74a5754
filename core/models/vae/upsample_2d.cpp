// Port of diffusers src/diffusers/models/upsampling.py Upsample2D (v0.30.3)
#include "models/vae/upsample_2d.h"

namespace pixart {

Upsample2DImpl::Upsample2DImpl(int64_t channels) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1)));
}

torch::Tensor Upsample2DImpl::forward(const torch::Tensor& x) {
    // upsample_nearest2d has no bfloat16 kernel in torch 1.13 (diffusers upcasts for the same
    // reason); nearest copies values, so the round trip is exact.
    const bool via_float = x.scalar_type() == torch::kBFloat16;
    auto up = torch::upsample_nearest2d(via_float ? x.to(torch::kFloat32) : x,
                                        {x.size(2) * 2, x.size(3) * 2});
    if (via_float) up = up.to(x.scalar_type());
    return conv(up);
}

}  // namespace pixart
