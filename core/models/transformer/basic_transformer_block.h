// Port of diffusers models/attention.py BasicTransformerBlock (v0.30.3) for norm_type
// "ada_norm_single" (PixArt): modulated self-attention, UNnormalised cross-attention, modulated
// feed-forward, each added to the residual stream.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "models/transformer/attention.h"
#include "models/transformer/feed_forward.h"

namespace pixart {

// Intermediates of one block, filled when a caller asks for them (parity tests).
struct BasicTransformerBlockTrace {
    torch::Tensor attn1_out;  // self-attention output, before the gate
    torch::Tensor attn2_out;  // cross-attention output
    torch::Tensor ff_out;     // feed-forward output, before the gate
};

class BasicTransformerBlockImpl : public torch::nn::Module {
  public:
    BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t head_dim, double norm_eps,
                              bool attention_bias);

    // hidden [B, N, D]; modulation [B, 6D] (AdaLayerNormSingle output, shared by all blocks);
    // text_kv = attn2 keys/values of the projected caption (see project_text); text_bias additive,
    // broadcastable to [B, H, N, L] (undefined = no mask); one_key: TextConditioning::one_key
    // (empty = none known). Returns [B, N, D].
    torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& modulation,
                          const AttentionKeyValue& text_kv, const torch::Tensor& text_bias,
                          const std::vector<int64_t>& one_key = {},
                          BasicTransformerBlockTrace* trace = nullptr);

    // Cross-attention keys/values of a projected caption [B, L, D]: constant over the denoising
    // loop.
    AttentionKeyValue project_text(const torch::Tensor& caption);

    // Bounds the attention score memory (see AttentionImpl::set_score_budget_bytes).
    void set_score_budget_bytes(int64_t bytes);

    // Exact speed-ups, on by default; switchable so `pixart-cli bench --mode ablation` can time
    // each. fused_qkv: see AttentionImpl::set_fused_qkv. in_place: modulation and residual adds
    // written into buffers this block owns (addcmul / add_) instead of fresh temporaries.
    void set_fused_qkv(bool fused);
    void set_cpu_attention(CpuAttention kernel);
    void set_in_place(bool in_place) { in_place_ = in_place; }
    // one_key rows take the shortcut of cross_attention (on by default).
    void set_one_key_rows(bool enabled) { one_key_rows_ = enabled; }
    void set_vector_gelu(bool enabled) { ff_->set_vector_gelu(enabled); }

  private:
    // attn2 over the text. A row whose mask attends one key gets that key's value row, projected
    // once, for every query: its softmax is exactly 1 there and exactly 0 elsewhere (the other
    // keys' -10000 bias leaves exp() at 0), so the scores cannot change the result. The other
    // rows attend as usual.
    torch::Tensor cross_attention(const torch::Tensor& h, const AttentionKeyValue& text_kv,
                                  const torch::Tensor& text_bias,
                                  const std::vector<int64_t>& one_key);
    // LN(x) * (1 + scale) + shift.
    torch::Tensor modulate(const torch::Tensor& x, const torch::Tensor& shift,
                           const torch::Tensor& scale) const;

    int64_t dim_;
    double norm_eps_;
    bool in_place_ = true;
    bool one_key_rows_ = true;
    Attention attn1_{nullptr}, attn2_{nullptr};
    FeedForward ff_{nullptr};
    torch::Tensor scale_shift_table_;  // [6, D]
};
TORCH_MODULE(BasicTransformerBlock);

}  // namespace pixart
