#include "models/layers/uninitialized_linear.h"

namespace pixart {

UninitializedLinearImpl::UninitializedLinearImpl(int64_t in_features, int64_t out_features,
                                                 torch::ScalarType dtype) {
    weight = register_parameter("weight", torch::empty({out_features, in_features}, dtype),
                                /*requires_grad=*/false);
}

torch::Tensor UninitializedLinearImpl::forward(const torch::Tensor& x) const {
    return torch::linear(x, weight);
}

}  // namespace pixart
