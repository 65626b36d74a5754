#include "models/t5/uninitialized_embedding.h"

namespace pixart {

UninitializedEmbeddingImpl::UninitializedEmbeddingImpl(int64_t num_embeddings,
                                                       int64_t embedding_dim,
                                                       torch::ScalarType dtype) {
    weight = register_parameter("weight", torch::empty({num_embeddings, embedding_dim}, dtype),
                                /*requires_grad=*/false);
}

torch::Tensor UninitializedEmbeddingImpl::forward(const torch::Tensor& indices) const {
    return torch::embedding(weight, indices);
}

}  // namespace pixart
