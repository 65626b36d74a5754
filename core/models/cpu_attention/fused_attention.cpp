#include "models/cpu_attention/fused_attention.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

namespace pixart {
namespace {

// Rows of one block of queries. Each block streams its head's keys and values through the cache
// once, so few rows per block means many streams: at 2048² (16384 keys) blocks of 6 rows (what
// an L2-sized 384 KiB of scores allows) ran at 0.55 of the rate of 48 rows or more, while from
// 1024 to 4096 keys every block of 24 to 240 rows ran alike (PERFORMANCE §11). So: 3 MiB of
// scores (192 rows at 1024², the cap of 240 below it) but never fewer than 48 rows (12 MiB per
// thread at 65536 keys).
constexpr std::int64_t kScoreBlockBytes = std::int64_t{3} << 20;
constexpr std::int64_t kFewestBlockRows = 48;
constexpr std::int64_t kMostBlockRows = 240;

bool is_cpu_float(const torch::Tensor& t) {
    return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat32;
}

torch::Tensor with_contiguous_rows(const torch::Tensor& t) {
    return t.stride(-1) == 1 ? t : t.contiguous();
}

}  // namespace

bool fused_attention_applies(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                             const torch::Tensor& bias) {
    if (!is_cpu_float(q) || !is_cpu_float(k) || !is_cpu_float(v)) return false;
    if (q.dim() != 4 || k.dim() != 4 || v.dim() != 4) return false;
    if (k.sizes() != v.sizes() || k.size(0) != q.size(0) || k.size(1) != q.size(1) ||
        k.size(3) != q.size(3) || k.size(2) < 1 || q.numel() == 0)
        return false;
    if (bias.defined()) {
        if (!is_cpu_float(bias) || bias.dim() > 4) return false;
        const std::int64_t target[4] = {q.size(0), q.size(1), q.size(2), k.size(2)};
        for (std::int64_t i = 0; i < bias.dim(); ++i) {
            const std::int64_t size = bias.size(bias.dim() - 1 - i);
            if (size != 1 && size != target[3 - i]) return false;
        }
    }
    return cpu_attention::attention_kernel_supports_head_dim(q.size(3)) &&
           cpu_attention::best_attention_kernel().has_value();
}

torch::Tensor fused_attention(const torch::Tensor& q, const torch::Tensor& k,
                              const torch::Tensor& v, const torch::Tensor& bias, double scale) {
    const auto kernel = cpu_attention::best_attention_kernel();
    if (!kernel) throw std::logic_error("fused_attention: this CPU runs no attention kernel");
    return fused_attention(*kernel, q, k, v, bias, scale);
}

torch::Tensor fused_attention(cpu_attention::AttentionKernel kernel, const torch::Tensor& q_in,
                              const torch::Tensor& k_in, const torch::Tensor& v_in,
                              const torch::Tensor& bias, double scale) {
    // Named in profiler traces (pixart-cli bench --trace); free when no profiler runs.
    RECORD_FUNCTION("pixart::fused_attention", std::vector<c10::IValue>());
    if (!cpu_attention::attention_kernel_available(kernel))
        throw std::logic_error(std::string("fused_attention: this CPU lacks ") +
                               cpu_attention::attention_kernel_name(kernel));
    const auto q = with_contiguous_rows(q_in), k = with_contiguous_rows(k_in),
               v = with_contiguous_rows(v_in);
    const std::int64_t batch = q.size(0), heads = q.size(1), queries = q.size(2), dim = q.size(3),
                       keys = k.size(2);
    torch::Tensor mask;  // [B, H, Nq, Nk] as strides (0 where broadcast), rows contiguous
    if (bias.defined()) {
        mask = bias.expand({batch, heads, queries, keys});
        if (keys > 1 && mask.stride(3) != 1) mask = mask.contiguous();
    }
    auto out = torch::empty({batch, queries, heads, dim}, q.options());

    const std::int64_t score_stride = cpu_attention::score_row_floats(keys);
    const std::int64_t block_rows = std::clamp<std::int64_t>(
        kScoreBlockBytes / (score_stride * static_cast<std::int64_t>(sizeof(float))),
        kFewestBlockRows, kMostBlockRows);
    // Each task is one head's share of the queries; a head is split only when there are too
    // few heads to keep every thread busy.
    const std::int64_t threads = std::max(1, at::get_num_threads());
    const std::int64_t all_heads = batch * heads;
    const std::int64_t max_shares = (queries + block_rows - 1) / block_rows;
    const std::int64_t shares =
        std::clamp<std::int64_t>((2 * threads + all_heads - 1) / all_heads, 1, max_shares);
    const std::int64_t share_rows = (queries + shares - 1) / shares;
    const std::int64_t tasks = all_heads * shares;
    // Tasks are taken one at a time from a shared counter rather than split evenly up front:
    // on a shared machine one core often runs slower, and an even split waits for it.
    std::atomic<std::int64_t> next{0};
    const std::int64_t workers = std::min(threads, tasks);
    // The value product reads one key's row of values per step, for every tile of query rows.
    // Straight from the fused QKV projection a head's rows are 3·H·d floats apart (13.5 KiB in
    // PixArt): each on its own page, and one pass of keys crowded into a few sets of the L1
    // cache. Copied together once per head (1.2 MiB at 1024²), the whole self-attention ran
    // 1.27× faster (PERFORMANCE §11). A wide head's values (the VAE's 512) are always copied,
    // into the kernel's blocks of 64 columns.
    const bool gather_values = cpu_attention::is_wide_head(dim) || v.stride(2) != dim;
    const std::int64_t packed_floats = cpu_attention::packed_key_floats(keys, dim);
    // A head's packed keys (and gathered values) into `packed` (and `gathered`).
    const auto prepare_head = [&](std::int64_t head, float* packed, float* gathered) {
        const std::int64_t b = head / heads, h = head % heads;
        cpu_attention::pack_keys(k.data_ptr<float>() + b * k.stride(0) + h * k.stride(1),
                                 k.stride(2), keys, dim, packed);
        if (gather_values)
            cpu_attention::pack_values(v.data_ptr<float>() + b * v.stride(0) + h * v.stride(1),
                                       v.stride(2), keys, dim, gathered);
    };
    // Split heads (the VAE's one head of 512 over 16384 positions: 32 MiB of packed keys) are
    // prepared once, up front, for all their shares, instead of once per thread: their copies
    // would otherwise grow with the thread count. One head per task keeps its own copy in the
    // thread, where it is still in cache when the task starts.
    const bool shared_heads = shares > 1;
    torch::Tensor shared_packed, shared_gathered;
    if (shared_heads) {
        shared_packed = torch::empty({all_heads * packed_floats}, q.options());
        if (gather_values) shared_gathered = torch::empty({all_heads * keys * dim}, q.options());
        at::parallel_for(0, all_heads, 1, [&](std::int64_t first, std::int64_t last) {
            for (std::int64_t head = first; head < last; ++head)
                prepare_head(head, shared_packed.data_ptr<float>() + head * packed_floats,
                             gather_values ? shared_gathered.data_ptr<float>() + head * keys * dim
                                           : nullptr);
        });
    }
    at::parallel_for(0, workers, 1, [&](std::int64_t, std::int64_t) {
        // Scratch from torch's allocator: the process's buffer cache reuses it every call.
        auto scores = torch::empty({block_rows * score_stride}, q.options());
        torch::Tensor packed, gathered;
        if (!shared_heads) {
            packed = torch::empty({packed_floats}, q.options());
            if (gather_values) gathered = torch::empty({keys * dim}, q.options());
        }
        std::int64_t prepared_head = -1;
        for (std::int64_t task = next++; task < tasks; task = next++) {
            const std::int64_t head = task / shares, share = task % shares;
            const std::int64_t b = head / heads, h = head % heads;
            const float* head_keys = nullptr;
            const float* head_values = nullptr;
            if (shared_heads) {
                head_keys = shared_packed.data_ptr<float>() + head * packed_floats;
                if (gather_values)
                    head_values = shared_gathered.data_ptr<float>() + head * keys * dim;
            } else {
                if (head != prepared_head) {
                    prepare_head(head, packed.data_ptr<float>(),
                                 gather_values ? gathered.data_ptr<float>() : nullptr);
                    prepared_head = head;
                }
                head_keys = packed.data_ptr<float>();
                if (gather_values) head_values = gathered.data_ptr<float>();
            }
            const std::int64_t end = std::min(queries, (share + 1) * share_rows);
            for (std::int64_t start = share * share_rows; start < end; start += block_rows) {
                cpu_attention::AttentionRows job;
                job.rows = std::min(block_rows, end - start);
                job.queries =
                    q.data_ptr<float>() + b * q.stride(0) + h * q.stride(1) + start * q.stride(2);
                job.query_stride = q.stride(2);
                job.packed_keys = head_keys;
                if (gather_values) {
                    job.values = head_values;
                    job.value_stride = dim;
                } else {
                    job.values = v.data_ptr<float>() + b * v.stride(0) + h * v.stride(1);
                    job.value_stride = v.stride(2);
                }
                job.keys = keys;
                job.head_dim = dim;
                if (mask.defined()) {
                    job.bias = mask.data_ptr<float>() + b * mask.stride(0) + h * mask.stride(1) +
                               start * mask.stride(2);
                    job.bias_row_stride = mask.stride(2);
                }
                job.scale = static_cast<float>(scale);
                job.scores = scores.data_ptr<float>();
                job.out = out.data_ptr<float>() + (b * queries + start) * heads * dim + h * dim;
                job.out_stride = heads * dim;
                cpu_attention::attend_rows(kernel, job);
            }
        }
    });
    return out.permute({0, 2, 1, 3});
}

}  // namespace pixart
