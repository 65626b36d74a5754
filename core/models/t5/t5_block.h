// Port of transformers src/transformers/models/t5/modeling_t5.py T5Block (v4.41.2), encoder
// blocks only: layer.0 = self-attention, layer.1 = feed-forward, each a pre-norm residual.
#pragma once

#include <torch/torch.h>

#include "config/t5_config.h"
#include "models/t5/t5_layer_ff.h"
#include "models/t5/t5_layer_self_attention.h"

namespace pixart {

class T5BlockImpl : public torch::nn::Module {
  public:
    T5BlockImpl(const T5Config& config, bool has_relative_attention_bias, torch::ScalarType dtype);

    // [B, L, d_model] -> [B, L, d_model]; position_bias as in T5Attention::forward.
    // forward = forward_feed_forward(forward_self_attention(x)): the streamed encoder runs the two
    // halves apart, with only one half's weights bound at a time.
    torch::Tensor forward(const torch::Tensor& hidden_states, const torch::Tensor& position_bias);
    torch::Tensor forward_self_attention(const torch::Tensor& hidden_states,
                                         const torch::Tensor& position_bias);  // layer.0
    torch::Tensor forward_feed_forward(const torch::Tensor& hidden_states);    // layer.1

    torch::nn::ModuleList layer{nullptr};  // registers the two below as layer.0 and layer.1
    T5LayerSelfAttention self_attention{nullptr};
    T5LayerFF feed_forward{nullptr};
};
TORCH_MODULE(T5Block);

}  // namespace pixart
