// Port of transformers src/transformers/models/t5/modeling_t5.py T5LayerFF (v4.41.2), gated
// variant only (T5 v1.1): x + DenseReluDense(layer_norm(x)).
#pragma once

#include <torch/torch.h>

#include "config/t5_config.h"
#include "models/t5/t5_dense_gated_act_dense.h"
#include "models/t5/t5_layer_norm.h"

namespace pixart {

class T5LayerFFImpl : public torch::nn::Module {
  public:
    T5LayerFFImpl(const T5Config& config, torch::ScalarType dtype);

    // [B, L, d_model] -> [B, L, d_model]
    torch::Tensor forward(const torch::Tensor& hidden_states);

    T5DenseGatedActDense DenseReluDense{nullptr};  // the transformers state-dict name
    T5LayerNorm layer_norm{nullptr};
};
TORCH_MODULE(T5LayerFF);

}  // namespace pixart
