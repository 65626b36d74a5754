// Port of diffusers src/diffusers/models/autoencoders/vae.py Decoder (v0.30.3)
#include "models/vae/vae_decoder.h"

namespace pixart {

namespace {
// The decoder hard-codes resnet_eps = 1e-6 everywhere (resnets, attention norm, conv_norm_out).
constexpr double kNormEps = 1e-6;
}  // namespace

VaeDecoderImpl::VaeDecoderImpl(const VaeConfig& config) {
    const auto& channels = config.block_out_channels;
    const int64_t groups = config.norm_num_groups;
    const int64_t deepest = channels.back();

    conv_in = register_module(
        "conv_in",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(config.latent_channels, deepest, 3).padding(1)));
    mid_block = register_module(
        "mid_block", UNetMidBlock2D(deepest, groups, kNormEps, config.mid_block_add_attention));

    // Up blocks walk block_out_channels in reverse; every block but the last doubles H and W.
    auto blocks = register_module("up_blocks", torch::nn::ModuleList());
    int64_t out_channels = deepest;
    const auto count = channels.size();
    for (size_t i = 0; i < count; ++i) {
        const int64_t in_channels = out_channels;
        out_channels = channels[count - 1 - i];
        up_blocks.emplace_back(in_channels, out_channels, config.layers_per_block + 1, groups,
                               kNormEps, /*add_upsample=*/i + 1 < count);
        blocks->push_back(up_blocks.back());
    }

    conv_norm_out = register_module(
        "conv_norm_out",
        torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels.front()).eps(kNormEps)));
    conv_out = register_module(
        "conv_out",
        torch::nn::Conv2d(
            torch::nn::Conv2dOptions(channels.front(), config.out_channels, 3).padding(1)));
}

torch::Tensor VaeDecoderImpl::forward(const torch::Tensor& z) {
    // 1. Input and mid block at latent resolution.
    auto h = conv_in(z);
    h = mid_block(h);

    // 2. Up blocks.
    for (auto& block : up_blocks) h = block(h);

    // 3. Output.
    h = conv_norm_out(h);
    torch::silu_(h);
    return conv_out(h);
}

}  // namespace pixart
