#include "models/t5/t5_layer_norm.h"

namespace pixart {

T5LayerNormImpl::T5LayerNormImpl(int64_t hidden_size, double eps, torch::ScalarType dtype)
    : eps_(eps) {
    weight = register_parameter("weight", torch::ones({hidden_size}, dtype),
                                /*requires_grad=*/false);
}

torch::Tensor T5LayerNormImpl::forward(const torch::Tensor& hidden_states) {
    // The same operations in the same order as transformers, so float32 results match bit for bit
    // where the kernels agree: x * rsqrt(mean(x^2) + eps) promotes half inputs to float32.
    const auto variance = hidden_states.to(torch::kFloat32).pow(2).mean(-1, /*keepdim=*/true);
    auto normed = hidden_states * torch::rsqrt(variance + eps_);
    if (weight.scalar_type() == torch::kFloat16 || weight.scalar_type() == torch::kBFloat16) {
        normed = normed.to(weight.scalar_type());
    }
    return weight * normed;
}

}  // namespace pixart
