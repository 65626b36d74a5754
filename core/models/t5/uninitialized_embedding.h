// A lookup table whose weight is only allocated (see uninitialized_linear.h for why): T5's 32128 x
// 4096 token table and its relative-position bias table. Bind a checkpoint before calling forward.
#pragma once

#include <torch/torch.h>

namespace pixart {

class UninitializedEmbeddingImpl : public torch::nn::Module {
  public:
    UninitializedEmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim,
                               torch::ScalarType dtype);

    // int64 indices [...] -> [..., embedding_dim]; indices must lie in [0, num_embeddings).
    torch::Tensor forward(const torch::Tensor& indices) const;

    torch::Tensor weight;  // [num_embeddings, embedding_dim], like torch.nn.Embedding
};
TORCH_MODULE(UninitializedEmbedding);

}  // namespace pixart
