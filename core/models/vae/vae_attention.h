// Port of diffusers src/diffusers/models/attention_processor.py Attention + AttnProcessor
// (v0.30.3) as UNetMidBlock2D builds it for the VAE: single head over all H*W positions, GroupNorm
// first, biased q/k/v/out projections, softmax upcast to float32, residual added,
// rescale_output_factor 1.
#pragma once

#include <torch/torch.h>

namespace pixart {

class VaeAttentionImpl : public torch::nn::Module {
  public:
    VaeAttentionImpl(int64_t channels, int64_t groups, double eps);

    // [B, C, H, W] -> [B, C, H, W]: attend(group_norm(x)) + x.
    torch::Tensor forward(const torch::Tensor& x);

    // The attention of already normalised positions [B, C, H, W] over each other, after the
    // output projection and before the residual. The banded decode calls it on windows of the
    // whole image's normalised input (models/vae/windowed_attention.h).
    torch::Tensor attend(const torch::Tensor& normed);

    // Query rows are processed in chunks so that one score block holds at most this many elements
    // (128 MiB in float32): at 1024x1024 the mid block attends over 16384 positions, and the full
    // 16384x16384 score matrix alone would be 1 GiB. Rows are independent, so chunking does not
    // change the result.
    static constexpr int64_t kMaxScoreElements = int64_t{1} << 25;

    // Whether attend() runs the core's fused CPU attention kernel where it applies (float32 on a
    // CPU with AVX-512 or AVX2); off: diffusers' baddbmm + softmax + bmm, as on other devices.
    // The two agree to float rounding (FusedAttentionKernelEqualsBatched compares them).
    bool use_fused_kernel = true;

    torch::nn::GroupNorm group_norm{nullptr};
    torch::nn::Linear to_q{nullptr};
    torch::nn::Linear to_k{nullptr};
    torch::nn::Linear to_v{nullptr};
    torch::nn::ModuleList to_out{nullptr};  // [0] = Linear, diffusers' [1] = Dropout has no weights

  private:
    torch::nn::Linear out_proj_{nullptr};
    double scale_ = 1.0;
};
TORCH_MODULE(VaeAttention);

}  // namespace pixart
