#include "models/t5/t5_layer_ff.h"

namespace pixart {

T5LayerFFImpl::T5LayerFFImpl(const T5Config& config, torch::ScalarType dtype) {
    DenseReluDense = register_module("DenseReluDense", T5DenseGatedActDense(config, dtype));
    layer_norm = register_module("layer_norm",
                                 T5LayerNorm(config.d_model, config.layer_norm_epsilon, dtype));
}

torch::Tensor T5LayerFFImpl::forward(const torch::Tensor& hidden_states) {
    return hidden_states + DenseReluDense(layer_norm(hidden_states));
}

}  // namespace pixart
