#include "models/t5/t5_dense_gated_act_dense.h"

#include <cmath>

namespace pixart {

torch::Tensor gelu_new(const torch::Tensor& x) {
    // Python evaluates math.sqrt(2.0 / math.pi) in double and passes it as a scalar; so do we.
    const double sqrt_2_over_pi = std::sqrt(2.0 / M_PI);
    return 0.5 * x * (1.0 + torch::tanh(sqrt_2_over_pi * (x + 0.044715 * torch::pow(x, 3.0))));
}

T5DenseGatedActDenseImpl::T5DenseGatedActDenseImpl(const T5Config& config,
                                                   torch::ScalarType dtype) {
    wi_0 = register_module("wi_0", UninitializedLinear(config.d_model, config.d_ff, dtype));
    wi_1 = register_module("wi_1", UninitializedLinear(config.d_model, config.d_ff, dtype));
    wo = register_module("wo", UninitializedLinear(config.d_ff, config.d_model, dtype));
}

torch::Tensor T5DenseGatedActDenseImpl::forward(const torch::Tensor& hidden_states) {
    const auto hidden_gelu = gelu_new(wi_0(hidden_states));  // [B, L, d_ff]
    const auto hidden_linear = wi_1(hidden_states);          // [B, L, d_ff]
    auto gated = hidden_gelu * hidden_linear;
    // transformers keeps wo in float32 for some quantised checkpoints and casts the input to it.
    if (gated.scalar_type() != wo->weight.scalar_type()) gated = gated.to(wo->weight.scalar_type());
    return wo(gated);
}

}  // namespace pixart
