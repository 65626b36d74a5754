// softmax(scale · q kᵀ + bias) v on the CPU with the core's attention kernel, AVX-512 or AVX2
// (cpu_attention/attention_kernel.h): each thread takes one head at a time, packs its keys (and
// gathers its values, when they are strided) once, and runs its query rows in blocks whose
// scores stay in the thread's cache. Nothing
// the size of the scores is ever allocated, and the result is written straight into the
// [batch, tokens, heads, head] layout the output projection reads. Results differ from the
// batched baddbmm + softmax + bmm (diffusers' order) by float rounding only (test_fused_attention).
// Include from core .cpp files only.
#pragma once

#include <torch/torch.h>

#include "models/cpu_attention/attention_kernel.h"

namespace pixart {

// Whether fused_attention runs these tensors: all CPU float32, q, k, v 4-D with the same batch,
// heads and head size, a head size the kernel is built for (multiples of 8 up to 128, of 64 up to
// 512), a bias
// (if any) that broadcasts to [B, H, Nq, Nk], and a CPU with AVX-512 or AVX2 + FMA.
bool fused_attention_applies(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                             const torch::Tensor& bias);

// q [B, H, Nq, d], k and v [B, H, Nk, d] (any strides); bias additive, broadcastable to
// [B, H, Nq, Nk], undefined = none. Returns [B, H, Nq, d]: the permuted view of a contiguous
// [B, Nq, H, d] tensor.
// With the best kernel of this CPU (cpu_attention::best_attention_kernel).
torch::Tensor fused_attention(const torch::Tensor& q, const torch::Tensor& k,
                              const torch::Tensor& v, const torch::Tensor& bias, double scale);

// With the given kernel, which must be available (the bench and tests compare the two).
torch::Tensor fused_attention(cpu_attention::AttentionKernel kernel, const torch::Tensor& q,
                              const torch::Tensor& k, const torch::Tensor& v,
                              const torch::Tensor& bias, double scale);

}  // namespace pixart
