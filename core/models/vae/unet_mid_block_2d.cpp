// Port of diffusers src/diffusers/models/unets/unet_2d_blocks.py UNetMidBlock2D (v0.30.3)
#include "models/vae/unet_mid_block_2d.h"

namespace pixart {

UNetMidBlock2DImpl::UNetMidBlock2DImpl(int64_t channels, int64_t groups, double eps,
                                       bool add_attention) {
    // num_layers = 1: two resnets around one attention.
    auto resnet_list = register_module("resnets", torch::nn::ModuleList());
    for (int i = 0; i < 2; ++i) {
        resnets.emplace_back(channels, channels, groups, eps);
        resnet_list->push_back(resnets.back());
    }
    if (add_attention) {
        auto attention_list = register_module("attentions", torch::nn::ModuleList());
        attentions.emplace_back(channels, groups, eps);
        attention_list->push_back(attentions.back());
    }
}

torch::Tensor UNetMidBlock2DImpl::forward(const torch::Tensor& x) {
    auto h = resnets[0](x);
    if (!attentions.empty()) h = attentions[0](h);
    return resnets[1](h);
}

}  // namespace pixart
