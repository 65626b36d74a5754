// Port of diffusers models/embeddings.py PixArtAlphaCombinedTimestepSizeEmbeddings (v0.30.3)
// without the resolution / aspect-ratio embedders (use_additional_conditions is false for Sigma).
#pragma once

#include <torch/torch.h>

#include <cstdint>

#include "models/transformer/timestep_embedding.h"

namespace pixart {

class CombinedTimestepSizeEmbeddingsImpl : public torch::nn::Module {
  public:
    static constexpr int64_t kTimestepChannels = 256;

    explicit CombinedTimestepSizeEmbeddingsImpl(int64_t embedding_dim);

    // timestep [B] -> embedded timestep [B, D] in `dtype`.
    torch::Tensor forward(const torch::Tensor& timestep, torch::ScalarType dtype);

  private:
    TimestepEmbedding timestep_embedder_{nullptr};
};
TORCH_MODULE(CombinedTimestepSizeEmbeddings);

}  // namespace pixart
