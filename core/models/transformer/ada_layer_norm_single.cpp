// Port of diffusers models/normalization.py AdaLayerNormSingle (v0.30.3)
#include "models/transformer/ada_layer_norm_single.h"

namespace pixart {

AdaLayerNormSingleImpl::AdaLayerNormSingleImpl(int64_t embedding_dim) {
    emb_ = register_module("emb", CombinedTimestepSizeEmbeddings(embedding_dim));
    linear_ = register_module("linear", torch::nn::Linear(embedding_dim, 6 * embedding_dim));
}

AdaLayerNormSingleOutput AdaLayerNormSingleImpl::forward(const torch::Tensor& timestep,
                                                         torch::ScalarType dtype) {
    auto embedded = emb_->forward(timestep, dtype);
    return {linear_->forward(torch::silu(embedded)), embedded};
}

}  // namespace pixart
