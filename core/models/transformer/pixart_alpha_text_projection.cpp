// Port of diffusers models/embeddings.py PixArtAlphaTextProjection (v0.30.3)
#include "models/transformer/pixart_alpha_text_projection.h"

namespace pixart {

PixArtAlphaTextProjectionImpl::PixArtAlphaTextProjectionImpl(int64_t in_features,
                                                             int64_t hidden_size) {
    linear_1_ = register_module("linear_1", torch::nn::Linear(in_features, hidden_size));
    linear_2_ = register_module("linear_2", torch::nn::Linear(hidden_size, hidden_size));
}

torch::Tensor PixArtAlphaTextProjectionImpl::forward(const torch::Tensor& caption) {
    return linear_2_->forward(torch::gelu(linear_1_->forward(caption), "tanh"));
}

}  // namespace pixart
