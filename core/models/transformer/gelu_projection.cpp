// Port of diffusers models/activations.py GELU (v0.30.3)
#include "models/transformer/gelu_projection.h"

#include <utility>

#include "models/cpu_activation/gelu_tanh.h"

namespace pixart {

GeluProjectionImpl::GeluProjectionImpl(int64_t dim_in, int64_t dim_out, std::string approximate,
                                       bool bias)
    : approximate_(std::move(approximate)) {
    proj_ = register_module(
        "proj", torch::nn::Linear(torch::nn::LinearOptions(dim_in, dim_out).bias(bias)));
}

torch::Tensor GeluProjectionImpl::forward(const torch::Tensor& x) {
    auto projected = proj_->forward(x);
    // In place: the projection is a fresh buffer.
    if (vector_gelu_ && approximate_ == "tanh" && gelu_tanh_applies(projected))
        return gelu_tanh_(projected);
    return torch::gelu_(projected, approximate_);
}

}  // namespace pixart
