// Random weights for benchmarks at true size without checkpoints: every parameter gets a seeded,
// well-scaled value (no uninitialised memory, no NaN/denormal slow paths), so runs are repeatable
// and the activations stay in a normal range through all layers.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace pixart {

// Matrices and kernels (dim >= 2): uniform(±1/sqrt(fan_in)), like torch's default Linear/Conv
// init; token tables: N(0, 1); 1-D weights (norm scales): 1; biases: N(0, 0.02²);
// `scale_shift_table`s: N(0, 1/dim).
void randomize_weights(torch::nn::Module& module, std::uint64_t seed);

}  // namespace pixart
