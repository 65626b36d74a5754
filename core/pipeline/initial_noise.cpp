#include "pipeline/initial_noise.h"

#include <ATen/CPUGeneratorImpl.h>

#include <string>

#include "api/errors.h"

namespace pixart {

at::Generator noise_generator(std::uint64_t seed) {
    // torch.Generator('cpu').manual_seed(seed) is an MT19937 seeded like this.
    return at::make_generator<at::CPUGeneratorImpl>(seed);
}

torch::Tensor initial_noise(at::IntArrayRef shape, std::uint64_t seed) {
    at::Generator generator = noise_generator(seed);
    return initial_noise(shape, generator);
}

torch::Tensor initial_noise(at::IntArrayRef shape, at::Generator& generator) {
    if (shape.empty()) throw Error(ErrorKind::InvalidArgument, "initial noise: empty shape");
    for (const std::int64_t d : shape) {
        if (d < 1) {
            throw Error(ErrorKind::InvalidArgument,
                        "initial noise: every dimension must be >= 1, got " + std::to_string(d));
        }
    }
    // libtorch's own randn (not a re-implementation) keeps the vectorised Box-Muller bit-exact
    // with Python.
    return torch::randn(shape, generator,
                        torch::TensorOptions().dtype(torch::kFloat32).device(torch::kCPU));
}

}  // namespace pixart
