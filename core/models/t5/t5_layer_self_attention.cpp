#include "models/t5/t5_layer_self_attention.h"

namespace pixart {

T5LayerSelfAttentionImpl::T5LayerSelfAttentionImpl(const T5Config& config,
                                                   bool has_relative_attention_bias,
                                                   torch::ScalarType dtype) {
    SelfAttention =
        register_module("SelfAttention", T5Attention(config, has_relative_attention_bias, dtype));
    layer_norm = register_module("layer_norm",
                                 T5LayerNorm(config.d_model, config.layer_norm_epsilon, dtype));
}

torch::Tensor T5LayerSelfAttentionImpl::forward(const torch::Tensor& hidden_states,
                                                const torch::Tensor& position_bias) {
    return hidden_states + SelfAttention->forward(layer_norm(hidden_states), position_bias);
}

}  // namespace pixart
