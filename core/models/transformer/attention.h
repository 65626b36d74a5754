// Port of diffusers models/attention_processor.py Attention + AttnProcessor (v0.30.3), reduced to
// what PixArt uses: self- or cross-attention, q/k/v/out linears (with bias), an optional additive
// mask, no norms, no residual inside.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace pixart {

// How attention runs on the CPU in float32. Every kernel computes each row as diffusers does, up
// to float rounding; docs/PERFORMANCE.md §11 has their speeds.
enum class CpuAttention {
    Batched,  // diffusers' baddbmm + softmax + bmm over chunks of queries (torch_compat.h)
    Blocked,  // ATen's GEMMs per thread block (cpu_attention/blocked_attention.h), bench only
    Fused,    // the AVX-512 or AVX2 kernel (cpu_attention/fused_attention.h); batched where neither
              // runs
};

// Keys and values already split into heads: [B, H, Nk, head_dim] each. Cross-attention keys and
// values depend only on the text, so they are computed once per generation and reused every step.
struct AttentionKeyValue {
    torch::Tensor key;
    torch::Tensor value;
};

class AttentionImpl : public torch::nn::Module {
  public:
    AttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads, int64_t head_dim,
                  bool bias);

    // x [B, N, query_dim]; context [B, Nk, context_dim] (undefined = self-attention);
    // bias additive, broadcastable to [B, H, N, Nk] (undefined = no mask). Returns [B, N,
    // query_dim].
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {},
                          const torch::Tensor& bias = {});

    AttentionKeyValue project_key_value(const torch::Tensor& context);
    torch::Tensor attend(const torch::Tensor& x, const AttentionKeyValue& kv,
                         const torch::Tensor& bias);

    // Self-attention computes q, k and v with ONE matmul against [to_q; to_k; to_v] stacked (the
    // three parameters are views into that stacked weight, so no memory is duplicated and a
    // checkpoint binds into it by name). Each output element is the same dot product as with
    // three matmuls, so results only change by rounding. On by default; off = three matmuls.
    void set_fused_qkv(bool fused) { fused_qkv_ = fused; }

    // Score memory stays under this many bytes (4096 tokens x 16 heads would otherwise need
    // 1 GiB per layer and image): queries are processed in chunks under it (blocked attention
    // splits it between the threads' blocks).
    void set_score_budget_bytes(int64_t bytes) { score_budget_bytes_ = bytes; }
    // The output projection alone, of heads already joined: [..., H*d] -> [..., query_dim].
    torch::Tensor project_output(const torch::Tensor& joined_heads) {
        return out_proj_->forward(joined_heads);
    }

    // Which kernel runs attention on the CPU in float32 (other devices and types: batched).
    void set_cpu_attention(CpuAttention kernel) { cpu_attention_ = kernel; }

  private:
    torch::Tensor split_heads(const torch::Tensor& x) const;  // [B, N, H*d] -> [B, H, N, d]
    torch::Tensor attend_heads(const torch::Tensor& q, const AttentionKeyValue& kv,
                               const torch::Tensor& bias);  // q [B, H, N, d] -> [B, N, query_dim]
    torch::Tensor fused_self_attention(const torch::Tensor& x, const torch::Tensor& bias);
    // (Re)builds the stacked weight when the parameters no longer live in it (after module->to()
    // or a parameter replaced by set_data); a few pointer comparisons otherwise.
    void ensure_fused_qkv();

    int64_t heads_;
    int64_t head_dim_;
    int64_t score_budget_bytes_ = int64_t{256} << 20;
    bool self_attention_capable_;  // query_dim == context_dim: q, k, v can be stacked
    bool fused_qkv_ = true;
    CpuAttention cpu_attention_ = CpuAttention::Fused;
    torch::Tensor qkv_weight_, qkv_bias_;  // [3*H*d, query_dim], [3*H*d] (bias may be undefined)
    torch::nn::Linear to_q_{nullptr}, to_k_{nullptr}, to_v_{nullptr}, out_proj_{nullptr};
};
TORCH_MODULE(Attention);

}  // namespace pixart
