// Port of diffusers models/embeddings.py PatchEmbed (v0.30.3), as PixArt configures it: no layer
// norm, flattened output, sin-cos position embedding for any latent grid.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <utility>

namespace pixart {

class PatchEmbedImpl : public torch::nn::Module {
  public:
    // base_size = sample_size / patch_size: the grid the position embedding's scale refers to.
    PatchEmbedImpl(int64_t in_channels, int64_t embed_dim, int64_t patch_size, int64_t base_size,
                   double interpolation_scale);

    // latent [B, C, H, W] (H, W multiples of patch_size) -> tokens [B, (H/p)*(W/p), D], laid out
    // row-major (each token's D values contiguous), or with set_row_major(false) channel-major as
    // diffusers leaves them (the same values; `pixart-cli bench --mode ablation` times both).
    torch::Tensor forward(const torch::Tensor& latent);
    void set_row_major(bool row_major) { row_major_ = row_major; }

    // float32 [grid_h*grid_w, D]; computed once per grid size and cached (it is not in the
    // weights).
    torch::Tensor pos_embed(int64_t grid_h, int64_t grid_w,
                            const torch::Device& device = torch::kCPU);

    int64_t patch_size() const { return patch_size_; }

  private:
    int64_t embed_dim_;
    int64_t patch_size_;
    int64_t base_size_;
    double interpolation_scale_;
    bool row_major_ = true;
    torch::nn::Conv2d proj_{nullptr};
    std::map<std::pair<int64_t, int64_t>, torch::Tensor> pos_embed_cache_;
};
TORCH_MODULE(PatchEmbed);

}  // namespace pixart
