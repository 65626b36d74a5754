#include "models/blocked_attention.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace pixart {

bool blocked_attention_applies(const torch::Tensor& q) {
    return q.device().is_cpu() && q.scalar_type() == torch::kFloat32;
}

std::int64_t attention_block_bytes(std::int64_t total_budget_bytes, int threads) {
    constexpr std::int64_t kMostPerThread = std::int64_t{16} << 20;
    return std::max<std::int64_t>(
        1, std::min(kMostPerThread, total_budget_bytes / std::max(1, threads)));
}

torch::Tensor blocked_attention(const torch::Tensor& q, const torch::Tensor& k,
                                const torch::Tensor& v, const torch::Tensor& bias, double scale,
                                std::int64_t block_bytes) {
    const std::int64_t batch = q.size(0), heads = q.size(1), queries = q.size(2), dim = q.size(3),
                       keys = k.size(2);
    const auto key = k.contiguous();  // read by every block of its head: made contiguous once
    const auto value = v.contiguous();
    // [B or 1, H or 1, Nq or 1, Nk] seen as [B, H, Nq or 1, Nk] without copying.
    torch::Tensor mask;
    bool mask_per_query = false;
    if (bias.defined()) {
        mask_per_query = bias.dim() == 4 && bias.size(2) == queries && queries > 1;
        mask = bias.expand({batch, heads, mask_per_query ? queries : 1, keys});
    }
    auto out = torch::empty({batch, heads, queries, dim}, q.options());
    const std::int64_t rows = std::clamp<std::int64_t>(
        block_bytes / (keys * static_cast<std::int64_t>(sizeof(float))), 1, queries);
    const std::int64_t blocks = (queries + rows - 1) / rows;
    at::parallel_for(0, batch * heads * blocks, 1, [&](std::int64_t begin, std::int64_t end) {
        // Inside the parallel region every ATen op (and OpenBLAS-openmp) runs on this thread.
        auto scores = torch::empty({rows, keys}, q.options());
        for (std::int64_t task = begin; task < end; ++task) {
            const std::int64_t head_index = task / blocks, block = task % blocks;
            const std::int64_t b = head_index / heads, h = head_index % heads;
            const std::int64_t start = block * rows, len = std::min(rows, queries - start);
            const auto q_rows = q[b][h].narrow(0, start, len);  // [len, d]
            const auto key_t = key[b][h].t();                   // [d, Nk]
            auto s = scores.narrow(0, 0, len);                  // [len, Nk]
            if (mask.defined()) {
                const auto m = mask_per_query ? mask[b][h].narrow(0, start, len)
                                              : mask[b][h].expand({len, keys});
                at::addmm_out(s, m, q_rows, key_t, /*beta=*/1.0, /*alpha=*/scale);
            } else {
                at::addmm_out(s, s, q_rows, key_t, /*beta=*/0.0, /*alpha=*/scale);
            }
            at::_softmax_out(s, s, -1, /*half_to_float=*/false);
            auto o = out[b][h].narrow(0, start, len);  // rows of a contiguous [Nq, d]
            at::mm_out(o, s, value[b][h]);
        }
    });
    return out;
}

}  // namespace pixart
