// Port of diffusers src/diffusers/models/autoencoders/vae.py Encoder (v0.30.3)
#include "models/vae/vae_encoder.h"

namespace pixart {

namespace {
// The encoder hard-codes eps = 1e-6 everywhere, as the decoder does.
constexpr double kNormEps = 1e-6;
}  // namespace

VaeEncoderImpl::VaeEncoderImpl(const VaeConfig& config) {
    const auto& channels = config.block_out_channels;
    const int64_t groups = config.norm_num_groups;
    const int64_t deepest = channels.back();

    conv_in = register_module(
        "conv_in",
        torch::nn::Conv2d(
            torch::nn::Conv2dOptions(config.in_channels, channels.front(), 3).padding(1)));

    // Every block but the last halves H and W.
    auto blocks = register_module("down_blocks", torch::nn::ModuleList());
    int64_t out_channels = channels.front();
    for (size_t i = 0; i < channels.size(); ++i) {
        const int64_t in_channels = out_channels;
        out_channels = channels[i];
        down_blocks.emplace_back(in_channels, out_channels, config.layers_per_block, groups,
                                 kNormEps, /*add_downsample=*/i + 1 < channels.size());
        blocks->push_back(down_blocks.back());
    }
    mid_block = register_module(
        "mid_block", UNetMidBlock2D(deepest, groups, kNormEps, config.mid_block_add_attention));
    conv_norm_out = register_module(
        "conv_norm_out",
        torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, deepest).eps(kNormEps)));
    conv_out = register_module(
        "conv_out",
        torch::nn::Conv2d(
            torch::nn::Conv2dOptions(deepest, 2 * config.latent_channels, 3).padding(1)));
}

torch::Tensor VaeEncoderImpl::forward(const torch::Tensor& x) {
    auto h = conv_in(x);
    for (auto& block : down_blocks) h = block(h);
    h = mid_block(h);
    h = conv_norm_out(h);
    torch::silu_(h);
    return conv_out(h);
}

}  // namespace pixart
