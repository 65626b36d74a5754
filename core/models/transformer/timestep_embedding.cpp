// Port of diffusers models/embeddings.py TimestepEmbedding (v0.30.3)
#include "models/transformer/timestep_embedding.h"

namespace pixart {

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t in_channels, int64_t time_embed_dim) {
    linear_1_ = register_module("linear_1", torch::nn::Linear(in_channels, time_embed_dim));
    linear_2_ = register_module("linear_2", torch::nn::Linear(time_embed_dim, time_embed_dim));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& sample) {
    return linear_2_->forward(torch::silu(linear_1_->forward(sample)));
}

}  // namespace pixart
