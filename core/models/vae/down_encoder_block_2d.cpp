// Port of diffusers src/diffusers/models/unets/unet_2d_blocks.py DownEncoderBlock2D (v0.30.3)
#include "models/vae/down_encoder_block_2d.h"

namespace pixart {

DownEncoderBlock2DImpl::DownEncoderBlock2DImpl(int64_t in_channels, int64_t out_channels,
                                               int num_layers, int64_t groups, double eps,
                                               bool add_downsample) {
    auto resnet_list = register_module("resnets", torch::nn::ModuleList());
    for (int i = 0; i < num_layers; ++i) {
        resnets.emplace_back(i == 0 ? in_channels : out_channels, out_channels, groups, eps);
        resnet_list->push_back(resnets.back());
    }
    if (add_downsample) {
        downsampler = Downsample2D(out_channels);
        register_module("downsamplers", torch::nn::ModuleList(downsampler));
    }
}

torch::Tensor DownEncoderBlock2DImpl::forward(const torch::Tensor& x) {
    auto h = resnets[0](x);
    for (size_t i = 1; i < resnets.size(); ++i) h = resnets[i](h);
    if (downsampler) h = downsampler(h);
    return h;
}

}  // namespace pixart
