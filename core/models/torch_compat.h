// The one place that absorbs libtorch version differences (Debian's 1.13 vs. CUDA LibTorch 2.x).
// Include from core .cpp files only.
#pragma once

#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <cmath>

namespace pixart::compat {

// softmax(q k^T / sqrt(head_dim) + bias) v.
// q [B, H, Nq, d], k and v [B, H, Nk, d]; bias additive, broadcastable to [B, H, Nq, Nk]
// (undefined = no mask). Returns [B, H, Nq, d].
inline torch::Tensor scaled_dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                                  const torch::Tensor& v,
                                                  const torch::Tensor& bias) {
#if TORCH_VERSION_MAJOR >= 2
    // Fused kernels (flash / memory-efficient) on GPU; a float mask is added to the scores.
    return at::scaled_dot_product_attention(
        q, k, v, bias.defined() ? c10::optional<at::Tensor>(bias) : c10::nullopt);
#else
    // 1.13 has no public SDPA: the classic path, written like diffusers' AttnProcessor
    // (baddbmm with alpha = scale, softmax, bmm) so results match its goldens to the rounding.
    const auto batch = q.size(0), heads = q.size(1), nq = q.size(2), d = q.size(3), nk = k.size(2);
    const double scale = 1.0 / std::sqrt(static_cast<double>(d));
    auto q3 = q.reshape({batch * heads, nq, d});                  // [B*H, Nq, d]
    auto kt = k.reshape({batch * heads, nk, d}).transpose(1, 2);  // [B*H, d, Nk]
    auto v3 = v.reshape({batch * heads, nk, d});                  // [B*H, Nk, d]
    torch::Tensor scores;
    if (bias.defined()) {
        // [B or 1, H or 1, Nq or 1, Nk] -> [B*H, Nq or 1, Nk]; baddbmm broadcasts the rest.
        auto b = bias.expand({batch, heads, bias.size(2), nk})
                     .reshape({batch * heads, bias.size(2), nk});
        scores = torch::baddbmm(b, q3, kt, /*beta=*/1.0, /*alpha=*/scale);
    } else {
        // beta = 0 ignores the input; a broadcast [1, 1, 1] zero spares a second score-sized
        // buffer.
        scores = torch::baddbmm(torch::zeros({1, 1, 1}, q.options()), q3, kt, /*beta=*/0.0,
                                /*alpha=*/scale);
    }
    auto probs = scores.softmax(-1);
    return torch::bmm(probs, v3).reshape({batch, heads, nq, d});  // [B, H, Nq, d]
#endif
}

// Waits until the device has run every queued kernel (CUDA is asynchronous); nothing on the CPU.
inline void synchronize(const torch::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

}  // namespace pixart::compat
