// Port of diffusers models/attention.py BasicTransformerBlock (v0.30.3), norm_type ada_norm_single
#include "models/transformer/basic_transformer_block.h"

namespace pixart {

BasicTransformerBlockImpl::BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t head_dim,
                                                     double norm_eps, bool attention_bias)
    : dim_(dim), norm_eps_(norm_eps) {
    attn1_ = register_module("attn1", Attention(dim, dim, heads, head_dim, attention_bias));
    attn2_ = register_module("attn2", Attention(dim, dim, heads, head_dim, attention_bias));
    ff_ = register_module("ff", FeedForward(dim));
    // diffusers initialises it to randn/sqrt(dim); the checkpoint always overwrites it.
    scale_shift_table_ =
        register_parameter("scale_shift_table", torch::zeros({6, dim}), /*requires_grad=*/false);
}

AttentionKeyValue BasicTransformerBlockImpl::project_text(const torch::Tensor& caption) {
    return attn2_->project_key_value(caption);
}

void BasicTransformerBlockImpl::set_score_budget_bytes(int64_t bytes) {
    attn1_->set_score_budget_bytes(bytes);
    attn2_->set_score_budget_bytes(bytes);
}

void BasicTransformerBlockImpl::set_fused_qkv(bool fused) { attn1_->set_fused_qkv(fused); }
void BasicTransformerBlockImpl::set_cpu_attention(CpuAttention kernel) {
    attn1_->set_cpu_attention(kernel);
    attn2_->set_cpu_attention(kernel);
}

torch::Tensor BasicTransformerBlockImpl::cross_attention(const torch::Tensor& h,
                                                         const AttentionKeyValue& text_kv,
                                                         const torch::Tensor& text_bias,
                                                         const std::vector<int64_t>& one_key) {
    const int64_t batch = h.size(0);
    std::vector<int64_t> attending;
    for (int64_t r = 0; r < batch; ++r) {
        if (!one_key_rows_ || static_cast<size_t>(r) >= one_key.size() ||
            one_key[static_cast<size_t>(r)] < 0)
            attending.push_back(r);
    }
    if (static_cast<int64_t>(attending.size()) == batch)
        return attn2_->attend(h, text_kv, text_bias);
    auto out = torch::empty_like(h);  // [B, N, D]
    for (int64_t r = 0; r < batch; ++r) {
        const int64_t key = static_cast<size_t>(r) < one_key.size() && one_key_rows_
                                ? one_key[static_cast<size_t>(r)]
                                : -1;
        if (key < 0) continue;
        // value [B, H, L', d] -> the key's row over all heads [1, H*d], as attend joins heads.
        const auto value_row = text_kv.value[r].select(1, key).reshape({1, -1});
        out[r].copy_(attn2_->project_output(value_row).expand({h.size(1), h.size(2)}));
    }
    if (!attending.empty()) {
        const auto rows = torch::tensor(attending, torch::kInt64).to(h.device());
        const auto bias = text_bias.defined() && text_bias.size(0) == batch
                              ? text_bias.index_select(0, rows)
                              : text_bias;
        out.index_copy_(
            0, rows,
            attn2_->attend(h.index_select(0, rows),
                           {text_kv.key.index_select(0, rows), text_kv.value.index_select(0, rows)},
                           bias));
    }
    return out;
}

torch::Tensor BasicTransformerBlockImpl::modulate(const torch::Tensor& x,
                                                  const torch::Tensor& shift,
                                                  const torch::Tensor& scale) const {
    auto normed = torch::layer_norm(x, {dim_}, {}, {}, norm_eps_);
    if (!in_place_) return normed * (1 + scale) + shift;
    return normed.mul_(1 + scale).add_(shift);  // same operations, into the LayerNorm's buffer
}

torch::Tensor BasicTransformerBlockImpl::forward(const torch::Tensor& hidden,
                                                 const torch::Tensor& modulation,
                                                 const AttentionKeyValue& text_kv,
                                                 const torch::Tensor& text_bias,
                                                 const std::vector<int64_t>& one_key,
                                                 BasicTransformerBlockTrace* trace) {
    const auto batch = hidden.size(0);
    // [1, 6, D] + [B, 6, D] -> six [B, 1, D] tensors.
    const auto mods =
        (scale_shift_table_.unsqueeze(0) + modulation.reshape({batch, 6, dim_})).chunk(6, 1);
    const auto &shift_msa = mods[0], &scale_msa = mods[1], &gate_msa = mods[2];
    const auto &shift_mlp = mods[3], &scale_mlp = mods[4], &gate_mlp = mods[5];

    // 1. Self-attention on the modulated LayerNorm (no affine weights).
    auto attn1_out = attn1_->forward(modulate(hidden, shift_msa, scale_msa));
    // h = gate * attn1 + hidden, a fresh tensor: `hidden` belongs to the caller.
    auto h =
        in_place_ ? torch::addcmul(hidden, gate_msa, attn1_out) : gate_msa * attn1_out + hidden;

    // 2. Cross-attention: PixArt applies no norm here.
    auto attn2_out = cross_attention(h, text_kv, text_bias, one_key);
    h = in_place_ ? h.add_(attn2_out) : attn2_out + h;

    // 3. Feed-forward on the modulated LayerNorm.
    auto ff_out = ff_->forward(modulate(h, shift_mlp, scale_mlp));
    h = in_place_ ? h.addcmul_(gate_mlp, ff_out) : gate_mlp * ff_out + h;

    if (trace != nullptr) *trace = {attn1_out, attn2_out, ff_out};
    return h;
}

}  // namespace pixart
