#include "models/cpu_attention/blocked_attention.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <algorithm>
#include <atomic>

namespace pixart {
namespace {

// OpenMP's omp_set_num_threads, from the OpenMP runtime libtorch loaded (none: nullptr).
using SetThreads = void (*)(int);
SetThreads omp_set_num_threads_function() {
    static const auto function =
        reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    return function;
}

}  // namespace

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
    const std::int64_t tasks = batch * heads * blocks;
    // Tasks are taken one at a time from a shared counter rather than split evenly up front:
    // on a shared machine one core often runs slower, and an even split waits for it.
    std::atomic<std::int64_t> next{0};
    const std::int64_t workers = std::min<std::int64_t>(at::get_num_threads(), tasks);
    at::parallel_for(0, workers, 1, [&](std::int64_t, std::int64_t) {
        // Inside the parallel region every ATen op runs on this thread. OpenBLAS-openmp must
        // too: it reads the thread count for nested regions, and two threads' multithreaded
        // GEMMs share one buffer slot, one spinning while the other computes. This sets that
        // count for this thread's task only (it ends with the region).
        if (at::in_parallel_region()) {
            if (const SetThreads set = omp_set_num_threads_function()) set(1);
        }
        auto scores = torch::empty({rows, keys}, q.options());
        for (std::int64_t task = next++; task < tasks; task = next++) {
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
