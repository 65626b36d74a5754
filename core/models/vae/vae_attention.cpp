// Port of diffusers src/diffusers/models/attention_processor.py Attention/AttnProcessor (v0.30.3)
#include "models/vae/vae_attention.h"

#include <algorithm>
#include <cmath>

#include "models/cpu_attention/fused_attention.h"

namespace pixart {

VaeAttentionImpl::VaeAttentionImpl(int64_t channels, int64_t groups, double eps) {
    group_norm = register_module(
        "group_norm",
        torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(eps).affine(true)));
    to_q = register_module("to_q", torch::nn::Linear(channels, channels));
    to_k = register_module("to_k", torch::nn::Linear(channels, channels));
    to_v = register_module("to_v", torch::nn::Linear(channels, channels));
    out_proj_ = torch::nn::Linear(channels, channels);
    to_out = register_module("to_out", torch::nn::ModuleList(out_proj_));
    // One head of dim_head = channels (attention_head_dim = block_out_channels[-1]).
    scale_ = 1.0 / std::sqrt(static_cast<double>(channels));
}

torch::Tensor VaeAttentionImpl::forward(const torch::Tensor& x) {
    // GroupNorm over [B, C, H, W] sees the same groups as diffusers' norm of [B, C, H*W]; the
    // residual is added in place (rescale_output_factor 1).
    auto out = attend(group_norm(x));
    out.add_(x);
    return out;
}

torch::Tensor VaeAttentionImpl::attend(const torch::Tensor& normed_input) {
    const auto batch = normed_input.size(0);
    const auto channels = normed_input.size(1);
    const auto height = normed_input.size(2);
    const auto width = normed_input.size(3);
    const auto tokens = height * width;

    // 1. Projections.
    auto normed = normed_input.reshape({batch, channels, tokens}).transpose(1, 2);  // [B, HW, C]
    const auto query = to_q(normed);                                                // [B, HW, C]
    const auto key_t = to_k(normed).transpose(1, 2);                                // [B, C, HW]
    const auto value = to_v(normed);                                                // [B, HW, C]
    normed = torch::Tensor();

    // 2. softmax(scale * q k^T) v. On a CPU with the core's attention kernel (float32, AVX-512
    //    or AVX2) by fused_attention as one head of `channels`: scale · (q·k) as diffusers
    //    orders it, the scores of a block of rows in each thread's cache (PERFORMANCE §11).
    if (use_fused_kernel) {
        const auto q4 = query.unsqueeze(1), k4 = key_t.transpose(1, 2).unsqueeze(1),
                   v4 = value.unsqueeze(1);  // [B, 1, HW, C]
        if (fused_attention_applies(q4, k4, v4, torch::Tensor())) {
            auto attended = fused_attention(q4, k4, v4, torch::Tensor(), scale_).squeeze(1);
            return out_proj_(attended).transpose(1, 2).reshape({batch, channels, height, width});
        }
    }
    //    Elsewhere a block of query rows at a time. baddbmm with beta 0 applies the scale inside
    //    the GEMM exactly as diffusers' get_attention_scores does; its ignored input is one
    //    broadcast zero instead of diffusers' full-size empty tensor.
    const int64_t rows =
        std::max<int64_t>(1, std::min(tokens, kMaxScoreElements / (batch * tokens)));
    auto attended = torch::empty_like(query);  // [B, HW, C]
    for (int64_t start = 0; start < tokens; start += rows) {
        const auto len = std::min(rows, tokens - start);
        const auto q = query.narrow(1, start, len);  // [B, len, C]
        const auto ignored = torch::zeros({1, 1, 1}, q.options()).expand({batch, len, tokens});
        auto scores =
            torch::baddbmm(ignored, q, key_t, /*beta=*/0, /*alpha=*/scale_);  // [B, len, HW]
        // upcast_softmax: the softmax runs in float32 whatever the weights' dtype.
        auto probs = torch::softmax(scores.to(torch::kFloat32), -1).to(q.scalar_type());
        scores = torch::Tensor();
        attended.narrow(1, start, len).copy_(torch::bmm(probs, value));
    }

    // 3. Output projection, back to [B, C, H, W].
    return out_proj_(attended).transpose(1, 2).reshape({batch, channels, height, width});
}

}  // namespace pixart
