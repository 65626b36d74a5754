// Port of diffusers models/activations.py GELU (v0.30.3)
#include "models/transformer/gelu_projection.h"

#include <utility>

namespace pixart {

GeluProjectionImpl::GeluProjectionImpl(int64_t dim_in, int64_t dim_out, std::string approximate,
                                       bool bias)
    : approximate_(std::move(approximate)) {
    proj_ = register_module(
        "proj", torch::nn::Linear(torch::nn::LinearOptions(dim_in, dim_out).bias(bias)));
}

torch::Tensor GeluProjectionImpl::forward(const torch::Tensor& x) {
    auto projected = proj_->forward(x);
    return torch::gelu_(projected, approximate_);  // in place: the projection is a fresh buffer
}

}  // namespace pixart
