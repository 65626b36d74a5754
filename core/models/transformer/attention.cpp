// Port of diffusers models/attention_processor.py Attention + AttnProcessor (v0.30.3)
#include "models/transformer/attention.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "models/cpu_attention/blocked_attention.h"
#include "models/cpu_attention/fused_attention.h"
#include "models/torch_compat.h"

namespace pixart {

namespace {

// Whether `part` is rows [index*rows, (index+1)*rows) of `whole`, in place.
bool is_rows_of(const torch::Tensor& part, const torch::Tensor& whole, int64_t index) {
    if (!part.defined() || !whole.defined() || !part.is_alias_of(whole) ||
        part.scalar_type() != whole.scalar_type() || part.device() != whole.device())
        return false;
    const int64_t rows = part.size(0);
    return part.data_ptr() == whole.narrow(0, index * rows, rows).data_ptr() &&
           part.strides() == whole.strides();
}

}  // namespace

AttentionImpl::AttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads,
                             int64_t head_dim, bool bias)
    : heads_(heads), head_dim_(head_dim), self_attention_capable_(query_dim == context_dim) {
    const int64_t inner = heads * head_dim;
    to_q_ = register_module(
        "to_q", torch::nn::Linear(torch::nn::LinearOptions(query_dim, inner).bias(bias)));
    to_k_ = register_module(
        "to_k", torch::nn::Linear(torch::nn::LinearOptions(context_dim, inner).bias(bias)));
    to_v_ = register_module(
        "to_v", torch::nn::Linear(torch::nn::LinearOptions(context_dim, inner).bias(bias)));
    // diffusers keeps [Linear, Dropout] in `to_out`; only index 0 carries weights (`to_out.0.*`).
    torch::nn::ModuleList to_out;
    out_proj_ = torch::nn::Linear(torch::nn::LinearOptions(inner, query_dim).bias(true));
    to_out->push_back(out_proj_);
    register_module("to_out", to_out);
    if (self_attention_capable_) ensure_fused_qkv();
}

void AttentionImpl::ensure_fused_qkv() {
    torch::NoGradGuard no_grad;
    const std::array<torch::nn::Linear*, 3> parts{&to_q_, &to_k_, &to_v_};
    bool weights_in_place = true, biases_in_place = true;
    for (int64_t i = 0; i < 3; ++i) {
        weights_in_place = weights_in_place && is_rows_of((*parts[i])->weight, qkv_weight_, i);
        if ((*parts[i])->bias.defined())
            biases_in_place = biases_in_place && is_rows_of((*parts[i])->bias, qkv_bias_, i);
    }
    if (!weights_in_place) {
        qkv_weight_ = torch::cat({to_q_->weight, to_k_->weight, to_v_->weight}, 0);
        const int64_t rows = to_q_->weight.size(0);
        for (int64_t i = 0; i < 3; ++i)
            (*parts[i])->weight.set_data(qkv_weight_.narrow(0, i * rows, rows));
    }
    if (to_q_->bias.defined() && !biases_in_place) {
        qkv_bias_ = torch::cat({to_q_->bias, to_k_->bias, to_v_->bias}, 0);
        const int64_t rows = to_q_->bias.size(0);
        for (int64_t i = 0; i < 3; ++i)
            (*parts[i])->bias.set_data(qkv_bias_.narrow(0, i * rows, rows));
    }
}

torch::Tensor AttentionImpl::split_heads(const torch::Tensor& x) const {
    const auto batch = x.size(0), tokens = x.size(1);
    return x.view({batch, tokens, heads_, head_dim_}).permute({0, 2, 1, 3});  // [B, H, N, d]
}

AttentionKeyValue AttentionImpl::project_key_value(const torch::Tensor& context) {
    return {split_heads(to_k_->forward(context)).contiguous(),
            split_heads(to_v_->forward(context)).contiguous()};
}

torch::Tensor AttentionImpl::attend(const torch::Tensor& x, const AttentionKeyValue& kv,
                                    const torch::Tensor& bias) {
    return attend_heads(split_heads(to_q_->forward(x)), kv, bias);  // q [B, H, N, d]
}

torch::Tensor AttentionImpl::fused_self_attention(const torch::Tensor& x,
                                                  const torch::Tensor& bias) {
    ensure_fused_qkv();
    const auto batch = x.size(0), tokens = x.size(1);
    // [B, N, 3*H*d] -> [B, N, 3, H, d] -> [3, B, H, N, d]
    const auto qkv = torch::linear(x, qkv_weight_, qkv_bias_)
                         .view({batch, tokens, 3, heads_, head_dim_})
                         .permute({2, 0, 3, 1, 4});
    return attend_heads(qkv[0], {qkv[1], qkv[2]}, bias);
}

torch::Tensor AttentionImpl::attend_heads(const torch::Tensor& q, const AttentionKeyValue& kv,
                                          const torch::Tensor& bias) {
    const auto batch = q.size(0), tokens = q.size(2), keys = kv.key.size(2);
    const int64_t bytes_per_query = batch * heads_ * keys * static_cast<int64_t>(q.element_size());
    const int64_t chunk =
        std::max<int64_t>(1, score_budget_bytes_ / std::max<int64_t>(1, bytes_per_query));
    torch::Tensor out;
    if (cpu_attention_ == CpuAttention::Fused &&
        fused_attention_applies(q, kv.key, kv.value, bias)) {
        // Scores never leave the threads' caches, so the score budget does not apply.
        out = fused_attention(q, kv.key, kv.value, bias,
                              1.0 / std::sqrt(static_cast<double>(head_dim_)));
    } else if (cpu_attention_ == CpuAttention::Blocked && blocked_attention_applies(q)) {
        out = blocked_attention(q, kv.key, kv.value, bias,
                                1.0 / std::sqrt(static_cast<double>(head_dim_)),
                                attention_block_bytes(score_budget_bytes_, at::get_num_threads()));
    } else if (chunk >= tokens) {
        out = compat::scaled_dot_product_attention(q, kv.key, kv.value, bias);
    } else {
        // A bias with a per-query dimension is sliced along with the queries.
        const bool bias_per_query =
            bias.defined() && bias.dim() == 4 && bias.size(2) == tokens && tokens > 1;
        std::vector<torch::Tensor> parts;
        for (int64_t start = 0; start < tokens; start += chunk) {
            const int64_t len = std::min(chunk, tokens - start);
            const auto b = bias_per_query ? bias.narrow(2, start, len) : bias;
            parts.push_back(
                compat::scaled_dot_product_attention(q.narrow(2, start, len), kv.key, kv.value, b));
        }
        out = torch::cat(parts, 2);  // [B, H, N, d]
    }
    out = out.permute({0, 2, 1, 3}).reshape({batch, tokens, heads_ * head_dim_});  // [B, N, H*d]
    return out_proj_->forward(out);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                     const torch::Tensor& bias) {
    if (!context.defined() && fused_qkv_ && self_attention_capable_)
        return fused_self_attention(x, bias);
    return attend(x, project_key_value(context.defined() ? context : x), bias);
}

}  // namespace pixart
