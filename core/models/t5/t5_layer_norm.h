// Port of transformers src/transformers/models/t5/modeling_t5.py T5LayerNorm (v4.41.2).
// RMSNorm: scale only, no mean subtraction, no bias; the statistics are taken in float32 even for
// half-precision inputs.
#pragma once

#include <torch/torch.h>

namespace pixart {

class T5LayerNormImpl : public torch::nn::Module {
  public:
    T5LayerNormImpl(int64_t hidden_size, double eps, torch::ScalarType dtype);

    // [..., hidden_size] -> same shape; dtype of the weight when that is fp16/bf16.
    torch::Tensor forward(const torch::Tensor& hidden_states);

    torch::Tensor weight;  // [hidden_size]

  private:
    double eps_;
};
TORCH_MODULE(T5LayerNorm);

}  // namespace pixart
