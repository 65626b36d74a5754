// Port of diffusers models/normalization.py AdaLayerNormSingle (v0.30.3): the timestep embedding
// shared by all blocks (adaLN-single, PixArt-Alpha section 2.3).
#pragma once

#include <torch/torch.h>

#include <cstdint>

#include "models/transformer/combined_timestep_size_embeddings.h"

namespace pixart {

struct AdaLayerNormSingleOutput {
    torch::Tensor modulation;  // [B, 6D] linear(silu(embedded_timestep)), read by every block
    torch::Tensor embedded_timestep;  // [B, D] for the final scale/shift
};

class AdaLayerNormSingleImpl : public torch::nn::Module {
  public:
    explicit AdaLayerNormSingleImpl(int64_t embedding_dim);
    AdaLayerNormSingleOutput forward(const torch::Tensor& timestep, torch::ScalarType dtype);

  private:
    CombinedTimestepSizeEmbeddings emb_{nullptr};
    torch::nn::Linear linear_{nullptr};
};
TORCH_MODULE(AdaLayerNormSingle);

}  // namespace pixart
