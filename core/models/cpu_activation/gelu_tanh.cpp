#include "models/cpu_activation/gelu_tanh.h"

#include <ATen/Parallel.h>

#include <stdexcept>

namespace pixart {
namespace {

// Values per task: 256 KiB, a few microseconds of work, many tasks per thread at the
// feed-forward's 37.7 M values (1024²).
constexpr std::int64_t kGrain = std::int64_t{1} << 16;

}  // namespace

bool gelu_tanh_applies(const torch::Tensor& x) {
    return x.defined() && x.device().is_cpu() && x.scalar_type() == torch::kFloat32 &&
           x.is_contiguous() && cpu_activation::best_gelu_kernel().has_value();
}

torch::Tensor& gelu_tanh_(torch::Tensor& x) {
    const auto kernel = cpu_activation::best_gelu_kernel();
    if (!kernel) throw std::logic_error("gelu_tanh_: this CPU runs no GELU kernel");
    return gelu_tanh_(*kernel, x);
}

torch::Tensor& gelu_tanh_(cpu_activation::GeluKernel kernel, torch::Tensor& x) {
    if (!cpu_activation::gelu_kernel_available(kernel))
        throw std::logic_error("gelu_tanh_: this CPU lacks the kernel asked for");
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat32 || !x.is_contiguous())
        throw std::logic_error("gelu_tanh_: needs a contiguous CPU float32 tensor");
    float* values = x.data_ptr<float>();
    at::parallel_for(0, x.numel(), kGrain, [&](std::int64_t begin, std::int64_t end) {
        cpu_activation::gelu_tanh_in_place(kernel, values + begin, end - begin);
    });
    return x;
}

}  // namespace pixart
