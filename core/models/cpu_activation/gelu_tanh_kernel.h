// The tanh-approximated GELU, 0.5·x·(1 + tanh(u)) with u = √(2/π)·(x + 0.044715·x³), in place
// over plain floats, in AVX-512 or AVX2 + FMA registers. Written as x / (1 + exp(−2u)) — the
// same function, since 0.5·(1 + tanh(u)) = 1 / (1 + exp(−2u)) — so one exponential
// (cpu_attention/vector_exp.h) and one division per value, within a few ulp of the exact
// function. ATen computes 0.5·x·(1 + tanh(u)), which cancels where tanh(u) ≈ −1 (x below about
// −3); there the two differ by rounding of that sum, ≤ 1e-7·|x| (test_gelu_tanh).
// Plain floats, no torch: cpu_activation/gelu_tanh.h is the tensor-level entry.
#pragma once

#include <cstdint>
#include <optional>

namespace pixart::cpu_activation {

enum class GeluKernel { Avx512, Avx2 };

// Whether this CPU and OS run it (the instructions, and the OS saving their registers).
bool gelu_kernel_available(GeluKernel kernel);

// The widest kernel this CPU runs; none on CPUs without AVX2 and FMA (or not x86-64).
std::optional<GeluKernel> best_gelu_kernel();

// values[0, count) = gelu_tanh(values[0, count)). Requires gelu_kernel_available(kernel).
void gelu_tanh_in_place(GeluKernel kernel, float* values, std::int64_t count);

}  // namespace pixart::cpu_activation
