// Port of transformers src/transformers/models/t5/modeling_t5.py T5LayerSelfAttention (v4.41.2).
// Pre-norm residual around self-attention: x + SelfAttention(layer_norm(x)).
#pragma once

#include <torch/torch.h>

#include "config/t5_config.h"
#include "models/t5/t5_attention.h"
#include "models/t5/t5_layer_norm.h"

namespace pixart {

class T5LayerSelfAttentionImpl : public torch::nn::Module {
  public:
    T5LayerSelfAttentionImpl(const T5Config& config, bool has_relative_attention_bias,
                             torch::ScalarType dtype);

    // [B, L, d_model] -> [B, L, d_model]; position_bias as in T5Attention::forward.
    torch::Tensor forward(const torch::Tensor& hidden_states, const torch::Tensor& position_bias);

    T5Attention SelfAttention{nullptr};  // the transformers state-dict name
    T5LayerNorm layer_norm{nullptr};
};
TORCH_MODULE(T5LayerSelfAttention);

}  // namespace pixart
