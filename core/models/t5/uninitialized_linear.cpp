#include "models/t5/uninitialized_linear.h"

namespace pixart {

UninitializedLinearImpl::UninitializedLinearImpl(int64_t in_features, int64_t out_features,
                                                 torch::ScalarType dtype) {
    // Stored [in, out] and exposed as its transposed view [out, in] (torch.nn.Linear's shape, so
    // checkpoints bind by name and shape): x · Wᵀ then reads a contiguous [in, out] operand, the
    // plain "nn" GEMM, which OpenBLAS runs ~25% faster than the transposed-operand one for the
    // few-row matrices of a short prompt (and a few % faster for 300 rows). Same dot products.
    weight = register_parameter("weight", torch::empty({in_features, out_features}, dtype).t(),
                                /*requires_grad=*/false);
}

torch::Tensor UninitializedLinearImpl::forward(const torch::Tensor& x) const {
    return torch::linear(x, weight);
}

}  // namespace pixart
