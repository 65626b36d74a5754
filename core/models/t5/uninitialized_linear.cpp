#include "models/t5/uninitialized_linear.h"

namespace pixart {

UninitializedLinearImpl::UninitializedLinearImpl(int64_t in_features, int64_t out_features,
                                                 torch::ScalarType dtype) {
    // Stored [out, in] like torch.nn.Linear and like the checkpoint files, so the streamed encoder
    // (weights used in place from the mapped files) and this resident one run the very same GEMM
    // on the very same layout and agree bit for bit at every size. (A transposed [in, out] copy
    // ran the "nn" GEMM, up to ~25% faster for the few rows of a short prompt in one measurement,
    // but OpenBLAS's small-matrix kernels then round differently from the in-place weights.)
    weight = register_parameter("weight", torch::empty({out_features, in_features}, dtype),
                                /*requires_grad=*/false);
}

torch::Tensor UninitializedLinearImpl::forward(const torch::Tensor& x) const {
    return torch::linear(x, weight);
}

}  // namespace pixart
