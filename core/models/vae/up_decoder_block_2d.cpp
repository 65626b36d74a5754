// Port of diffusers src/diffusers/models/unets/unet_2d_blocks.py UpDecoderBlock2D (v0.30.3)
#include "models/vae/up_decoder_block_2d.h"

namespace pixart {

UpDecoderBlock2DImpl::UpDecoderBlock2DImpl(int64_t in_channels, int64_t out_channels,
                                           int num_layers, int64_t groups, double eps,
                                           bool add_upsample) {
    auto resnet_list = register_module("resnets", torch::nn::ModuleList());
    for (int i = 0; i < num_layers; ++i) {
        resnets.emplace_back(i == 0 ? in_channels : out_channels, out_channels, groups, eps);
        resnet_list->push_back(resnets.back());
    }
    if (add_upsample) {
        upsampler = Upsample2D(out_channels);
        register_module("upsamplers", torch::nn::ModuleList(upsampler));
    }
}

torch::Tensor UpDecoderBlock2DImpl::forward(const torch::Tensor& x) {
    auto h = resnets[0](x);
    for (size_t i = 1; i < resnets.size(); ++i) h = resnets[i](h);
    if (upsampler) h = upsampler(h);
    return h;
}

}  // namespace pixart
