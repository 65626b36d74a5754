// Port of diffusers src/diffusers/models/unets/unet_2d_blocks.py UpDecoderBlock2D (v0.30.3): a run
// of resnets, then an optional nearest x2 upsampler.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/vae/resnet_block_2d.h"
#include "models/vae/upsample_2d.h"

namespace pixart {

class UpDecoderBlock2DImpl : public torch::nn::Module {
  public:
    UpDecoderBlock2DImpl(int64_t in_channels, int64_t out_channels, int num_layers, int64_t groups,
                         double eps, bool add_upsample);

    // [B, in, H, W] -> [B, out, 2H, 2W] (or [B, out, H, W] without the upsampler)
    torch::Tensor forward(const torch::Tensor& x);

    std::vector<ResnetBlock2D> resnets;
    Upsample2D upsampler{nullptr};  // absent in the last block
};
TORCH_MODULE(UpDecoderBlock2D);

}  // namespace pixart
