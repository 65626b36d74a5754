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

}  // namespace pixart
