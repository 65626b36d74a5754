// Port of diffusers src/diffusers/models/unets/unet_2d_blocks.py DownEncoderBlock2D (v0.30.3): a
// run of resnets, then an optional stride-2 downsampler.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/vae/downsample_2d.h"
#include "models/vae/resnet_block_2d.h"

namespace pixart {

class DownEncoderBlock2DImpl : public torch::nn::Module {
  public:
    DownEncoderBlock2DImpl(int64_t in_channels, int64_t out_channels, int num_layers,
                           int64_t groups, double eps, bool add_downsample);

    // [B, in, H, W] -> [B, out, H/2, W/2] (or [B, out, H, W] without the downsampler)
    torch::Tensor forward(const torch::Tensor& x);

    std::vector<ResnetBlock2D> resnets;
    Downsample2D downsampler{nullptr};  // absent in the last block
};
TORCH_MODULE(DownEncoderBlock2D);

}  // namespace pixart
