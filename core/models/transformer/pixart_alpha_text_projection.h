// Port of diffusers models/embeddings.py PixArtAlphaTextProjection (v0.30.3): projects T5 states
// to the transformer width, Linear -> GELU(tanh) -> Linear.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace pixart {

class PixArtAlphaTextProjectionImpl : public torch::nn::Module {
  public:
    PixArtAlphaTextProjectionImpl(int64_t in_features, int64_t hidden_size);
    torch::Tensor forward(
        const torch::Tensor& caption);  // [B, L, in_features] -> [B, L, hidden_size]

  private:
    torch::nn::Linear linear_1_{nullptr}, linear_2_{nullptr};
};
TORCH_MODULE(PixArtAlphaTextProjection);

}  // namespace pixart
