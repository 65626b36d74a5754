// Port of transformers src/transformers/models/t5/modeling_t5.py T5DenseGatedActDense (v4.41.2).
// T5 v1.1's gated feed-forward: wo(gelu_new(wi_0 x) * wi_1 x), no biases.
#pragma once

#include <torch/torch.h>

#include "config/t5_config.h"
#include "models/t5/uninitialized_linear.h"

namespace pixart {

// transformers' NewGELUActivation written out elementwise in its order of operations:
// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). torch's gelu(approximate="tanh") is a fused
// kernel that differs in the last ulp, so it is deliberately not used.
torch::Tensor gelu_new(const torch::Tensor& x);

class T5DenseGatedActDenseImpl : public torch::nn::Module {
  public:
    T5DenseGatedActDenseImpl(const T5Config& config, torch::ScalarType dtype);

    // [B, L, d_model] -> [B, L, d_model]
    torch::Tensor forward(const torch::Tensor& hidden_states);

    UninitializedLinear wi_0{nullptr};  // d_model -> d_ff, through gelu_new
    UninitializedLinear wi_1{nullptr};  // d_model -> d_ff, the linear gate
    UninitializedLinear wo{nullptr};    // d_ff -> d_model
};
TORCH_MODULE(T5DenseGatedActDense);

}  // namespace pixart
