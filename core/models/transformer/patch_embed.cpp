// Port of diffusers models/embeddings.py PatchEmbed (v0.30.3)
#include "models/transformer/patch_embed.h"

#include "models/transformer/sincos_pos_embed.h"

namespace pixart {

PatchEmbedImpl::PatchEmbedImpl(int64_t in_channels, int64_t embed_dim, int64_t patch_size,
                               int64_t base_size, double interpolation_scale)
    : embed_dim_(embed_dim),
      patch_size_(patch_size),
      base_size_(base_size),
      interpolation_scale_(interpolation_scale) {
    proj_ = register_module(
        "proj",
        torch::nn::Conv2d(
            torch::nn::Conv2dOptions(in_channels, embed_dim, patch_size).stride(patch_size)));
}

torch::Tensor PatchEmbedImpl::pos_embed(int64_t grid_h, int64_t grid_w,
                                        const torch::Device& device) {
    auto& cached = pos_embed_cache_[{grid_h, grid_w}];
    if (!cached.defined()) {
        cached = sincos_pos_embed_2d(embed_dim_, grid_h, grid_w, base_size_, interpolation_scale_);
    }
    if (cached.device() != device) cached = cached.to(device);
    return cached;
}

torch::Tensor PatchEmbedImpl::forward(const torch::Tensor& latent) {
    const auto grid_h = latent.size(2) / patch_size_, grid_w = latent.size(3) / patch_size_;
    // [B, D, h, w] -> [B, h*w, D], laid out row-major here, once. The transposed view is
    // channel-major, and an elementwise op keeps its first input's layout: the sum below, and
    // after it every block's residual stream, stayed channel-major, so each LayerNorm gathered
    // it first and each in-place residual add ran strided (4x and 18x slower at 1024²:
    // PERFORMANCE §11). Every op is row-wise or elementwise, so the values are the same.
    auto tokens = proj_->forward(latent).flatten(2).transpose(1, 2);
    if (row_major_) tokens = tokens.contiguous();
    // diffusers adds the float32 embedding and casts back to the latent dtype.
    return (tokens + pos_embed(grid_h, grid_w, latent.device())).to(latent.scalar_type());
}

}  // namespace pixart
