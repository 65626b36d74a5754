#include "pipeline/initial_noise.h"

#include <ATen/CPUGeneratorImpl.h>

#include <string>

#include "api/errors.h"

namespace pixart {

torch::Tensor initial_noise(at::IntArrayRef shape, std::uint64_t seed) {
    if (shape.empty()) throw Error(ErrorKind::InvalidArgument, "initial noise: empty shape");
    for (const std::int64_t d : shape) {
        if (d < 1) {
            throw Error(ErrorKind::InvalidArgument,
                        "initial noise: every dimension must be >= 1, got " + std::to_string(d));
        }
    }
    // torch.Generator('cpu').manual_seed(seed) is an MT19937 seeded like this; libtorch's own
    // randn (not a re-implementation) keeps the vectorised Box-Muller bit-exact with Python.
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    return torch::randn(shape, generator,
                        torch::TensorOptions().dtype(torch::kFloat32).device(torch::kCPU));
}

}  // namespace pixart
