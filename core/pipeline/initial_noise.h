// The initial latents of a generation: the same draw as diffusers' randn_tensor with
// torch.Generator('cpu').manual_seed(seed), so a seed gives the same image as the Python pipeline.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace pixart {

// ONE torch::randn draw of `shape` (float32, contiguous, on the CPU) from a CPU generator seeded
// with `seed`. The whole batch comes from one draw, as in diffusers; callers move it to their
// device afterwards (drawing on the CPU keeps seeds device-independent). Throws
// pixart::Error(InvalidArgument) for an empty shape or a dimension < 1.
torch::Tensor initial_noise(at::IntArrayRef shape, std::uint64_t seed);

// The generation's CPU generator, torch.Generator('cpu').manual_seed(seed): initial_noise draws
// from it, and so do the samplers that add noise every step (the same stream as diffusers).
at::Generator noise_generator(std::uint64_t seed);
// One draw of `shape` from `generator` (float32, CPU), after the same checks.
torch::Tensor initial_noise(at::IntArrayRef shape, at::Generator& generator);

}  // namespace pixart
