// Port of diffusers models/embeddings.py PixArtAlphaCombinedTimestepSizeEmbeddings (v0.30.3)
#include "models/transformer/combined_timestep_size_embeddings.h"

#include "models/transformer/timestep_sinusoids.h"

namespace pixart {

CombinedTimestepSizeEmbeddingsImpl::CombinedTimestepSizeEmbeddingsImpl(int64_t embedding_dim) {
    timestep_embedder_ =
        register_module("timestep_embedder", TimestepEmbedding(kTimestepChannels, embedding_dim));
}

torch::Tensor CombinedTimestepSizeEmbeddingsImpl::forward(const torch::Tensor& timestep,
                                                          torch::ScalarType dtype) {
    // Sinusoids in float32 first, then the model dtype (as diffusers' `.to(dtype=hidden_dtype)`).
    return timestep_embedder_->forward(timestep_sinusoids(timestep, kTimestepChannels).to(dtype));
}

}  // namespace pixart
