// Port of diffusers models/transformers/pixart_transformer_2d.py PixArtTransformer2DModel
// (v0.30.3), the PixArt-Sigma denoiser. Include from core .cpp files only.
//
//   auto model = pixart::load_pixart_transformer(dir);
//   auto text = model->prepare_text(prompt_embeds, prompt_mask);   // once per generation
//   for (t : timesteps) eps = model->forward(latents, text, t);    // every step
//
// Not thread-safe: one forward at a time per model (the position-embedding cache is mutable).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/transformer_config.h"
#include "models/transformer/ada_layer_norm_single.h"
#include "models/transformer/basic_transformer_block.h"
#include "models/transformer/patch_embed.h"
#include "models/transformer/pixart_alpha_text_projection.h"
#include "models/transformer/text_conditioning.h"

namespace pixart {

class PixArtTransformer2DModelImpl : public torch::nn::Module {
  public:
    explicit PixArtTransformer2DModelImpl(const TransformerConfig& config);

    // hidden_states [B, in_channels, h, w]; encoder_hidden_states [B, L, caption_channels];
    // encoder_attention_mask [B, L] int64/float 1=keep (undefined tensor = no mask); timestep [B]
    // int64 (or one value for the whole batch). Returns [B, out_channels, h, w].
    // Exactly diffusers' computation (no padding dropped, text re-projected on every call).
    torch::Tensor forward(const torch::Tensor& hidden_states,
                          const torch::Tensor& encoder_hidden_states,
                          const torch::Tensor& encoder_attention_mask,
                          const torch::Tensor& timestep);

    // The fast path: text-only work done once. With drop_padding, trailing tokens that are masked
    // in every batch row are left out of cross-attention: their -10000 bias makes their softmax
    // weight underflow to exactly 0, so the result only changes by rounding.
    TextConditioning prepare_text(const torch::Tensor& encoder_hidden_states,
                                  const torch::Tensor& encoder_attention_mask,
                                  bool drop_padding = true);
    torch::Tensor forward(const torch::Tensor& hidden_states, const TextConditioning& text,
                          const torch::Tensor& timestep);

    const TransformerConfig& config() const { return config_; }
    torch::ScalarType dtype() const;

    // Bounds the per-layer attention score memory by processing queries in chunks.
    void set_attention_score_budget_bytes(int64_t bytes);

    // The exact per-step speed-ups of the blocks (all on by default; results change by rounding
    // only). Off = the plain diffusers arithmetic, for `pixart-cli bench --mode ablation`.
    struct Optimizations {
        bool fused_qkv = true;  // one [3D, D] matmul for self-attention q, k, v
        bool in_place = true;   // modulation and residual adds without temporaries
        // The CPU attention kernel: the fused one, AVX-512 or AVX2 (scores kept in cache, 0.32x the
        // batched time at 4096 tokens), or diffusers' batched path where it cannot run;
        // `pixart-cli bench --mode attention` compares them (docs/PERFORMANCE.md §11).
        CpuAttention cpu_attention = CpuAttention::Fused;
        // Cross-attention of a text row that attends one key (the empty negative prompt): that
        // key's value row, projected once, for every query (TextConditioning::one_key).
        bool one_key_rows = true;
        // The tokens row-major from the patch embedding on (diffusers leaves them channel-major,
        // which every LayerNorm and residual add then reads strided; PatchEmbedImpl::forward).
        bool row_major_tokens = true;
        // The feed-forward's tanh GELU by the core's vector kernel (cpu_activation/), not ATen's.
        bool vector_gelu = true;
    };
    void set_optimizations(const Optimizations& optimizations);

    // --- The stages of forward, public for parity tests against diffusers' intermediates. ---
    torch::Tensor embed_patches(const torch::Tensor& hidden_states);  // [B, N, D]
    torch::Tensor pos_embed(int64_t grid_h, int64_t grid_w);          // float32 [N, D], cached
    AdaLayerNormSingleOutput embed_timestep(const torch::Tensor& timestep,
                                            int64_t batch);                     // [B,6D], [B,D]
    torch::Tensor project_caption(const torch::Tensor& encoder_hidden_states);  // [B, L, D]
    torch::Tensor run_block(size_t index, const torch::Tensor& hidden,
                            const torch::Tensor& modulation, const TextConditioning& text,
                            BasicTransformerBlockTrace* trace = nullptr);
    torch::Tensor project_output(const torch::Tensor& hidden,
                                 const torch::Tensor& embedded_timestep);  // [B,N,p*p*C]
    torch::Tensor unpatchify(const torch::Tensor& patches, int64_t grid_h,
                             int64_t grid_w) const;  // [B,C,H,W]
    size_t num_blocks() const { return blocks_.size(); }

  private:
    void check_latents(const torch::Tensor& hidden_states) const;
    void check_text(const torch::Tensor& encoder_hidden_states,
                    const torch::Tensor& encoder_attention_mask) const;

    TransformerConfig config_;
    int64_t inner_dim_;
    PatchEmbed pos_embed_{nullptr};
    std::vector<BasicTransformerBlock> blocks_;
    torch::Tensor scale_shift_table_;  // [2, D] final shift/scale
    torch::nn::Linear proj_out_{nullptr};
    AdaLayerNormSingle adaln_single_{nullptr};
    PixArtAlphaTextProjection caption_projection_{nullptr};
};
TORCH_MODULE(PixArtTransformer2DModel);

// Builds from <dir>/config.json and binds <dir>/diffusion_pytorch_model.safetensors (or its
// sharded / fp16 variants). Throws pixart::Error(ModelFolder) naming every mismatching tensor.
PixArtTransformer2DModel load_pixart_transformer(const std::string& transformer_dir,
                                                 torch::ScalarType dtype = torch::kFloat32);

}  // namespace pixart
