// The tanh GELU of a CPU float32 tensor in place with the core's kernel
// (cpu_activation/gelu_tanh_kernel.h) on ATen's intra-op threads: the feed-forward's activation,
// 3.5 % of the 1024² step in ATen's gelu_ (docs/PERFORMANCE.md §11). Results differ from
// torch::gelu(x, "tanh") by float rounding only (test_gelu_tanh).
// Include from core .cpp files only.
#pragma once

#include <torch/torch.h>

#include "models/cpu_activation/gelu_tanh_kernel.h"

namespace pixart {

// Whether gelu_tanh_ runs this tensor: CPU, float32, contiguous, and a CPU with AVX-512 or AVX2.
bool gelu_tanh_applies(const torch::Tensor& x);

// x = gelu_tanh(x) with the best kernel of this CPU; returns x.
torch::Tensor& gelu_tanh_(torch::Tensor& x);

// With the given kernel, which must be available (tests compare the two).
torch::Tensor& gelu_tanh_(cpu_activation::GeluKernel kernel, torch::Tensor& x);

}  // namespace pixart
