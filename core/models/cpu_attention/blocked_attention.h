// softmax(scale · q kᵀ + bias) v on the CPU: one head's block of query rows per task, tasks
// taken from a shared counter by the intra-op threads, each block's scores in its thread's
// buffer (softmax in place), each GEMM whole on one thread. Every row is the same GEMM row,
// softmax and GEMM as in diffusers' batched baddbmm + softmax + bmm, so results are identical.
// At 1024x1024's shapes (4096 tokens, 2 x 16 heads of 72) it takes 0.64x the batched time, the
// fused kernel (fused_attention.h) 0.45x, so the transformer uses this one only when asked
// (CpuAttention::Blocked; `pixart-cli bench --mode attention` times all three, PERFORMANCE.md
// §11). Include from core .cpp files only.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace pixart {

// Whether blocked_attention runs these tensors: CPU, float32.
bool blocked_attention_applies(const torch::Tensor& q);

// q [B, H, Nq, d], k and v [B, H, Nk, d] (any strides); bias additive, broadcastable to
// [B, H, Nq, Nk], undefined = none. Scores of at most `block_bytes` per thread (rows of a
// block = block_bytes / (Nk * 4), at least 1). Returns [B, H, Nq, d], contiguous.
torch::Tensor blocked_attention(const torch::Tensor& q, const torch::Tensor& k,
                                const torch::Tensor& v, const torch::Tensor& bias, double scale,
                                std::int64_t block_bytes);

// The block size for `threads` threads under a budget for all of them: budget / threads, at most
// 16 MiB (measured best: 8-16 MiB per thread at 4096 keys; larger gains nothing).
std::int64_t attention_block_bytes(std::int64_t total_budget_bytes, int threads);

}  // namespace pixart
