// Port of diffusers models/embeddings.py TimestepEmbedding (v0.30.3): Linear -> SiLU -> Linear.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace pixart {

class TimestepEmbeddingImpl : public torch::nn::Module {
  public:
    TimestepEmbeddingImpl(int64_t in_channels, int64_t time_embed_dim);
    torch::Tensor forward(const torch::Tensor& sample);  // [B, in_channels] -> [B, time_embed_dim]

  private:
    torch::nn::Linear linear_1_{nullptr}, linear_2_{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

}  // namespace pixart
