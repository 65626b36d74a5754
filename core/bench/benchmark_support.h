// Timing helpers shared by the benchmarks (transformer, text encoder, pipeline).
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <vector>

namespace pixart::benchmark {

double seconds_since(std::chrono::steady_clock::time_point start);

// Waits for queued device work (CUDA kernels run asynchronously); a no-op on the CPU.
void synchronize(const torch::Device& device);

double median(std::vector<double> values);

// The machine's matmul rate in GFLOP/s: the best of five 2048³ products (2·n³ FLOPs each).
double matmul_gflops(const torch::Device& device, torch::ScalarType dtype);

}  // namespace pixart::benchmark
