// Port of diffusers models/attention.py FeedForward (v0.30.3) with activation_fn
// "gelu-approximate": GELU(tanh) projection to mult*dim, then Linear back to dim.
#pragma once

#include <torch/torch.h>

#include <cstdint>

#include "models/transformer/gelu_projection.h"

namespace pixart {

class FeedForwardImpl : public torch::nn::Module {
  public:
    FeedForwardImpl(int64_t dim, int64_t mult = 4, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);  // [B, N, dim] -> [B, N, dim]
    void set_vector_gelu(bool enabled) { act_->set_vector_gelu(enabled); }

  private:
    GeluProjection act_{nullptr};
    torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(FeedForward);

}  // namespace pixart
