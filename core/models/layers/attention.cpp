// Port of diffusers models/attention_processor.py Attention + AttnProcessor (v0.30.3)
#include "models/layers/attention.h"

#include <algorithm>
#include <vector>

#include "models/layers/torch_compat.h"

namespace pixart {

AttentionImpl::AttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads,
                             int64_t head_dim, bool bias)
    : heads_(heads), head_dim_(head_dim) {
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
    const auto batch = x.size(0), tokens = x.size(1), keys = kv.key.size(2);
    auto q = split_heads(to_q_->forward(x));  // [B, H, N, d]

    const int64_t bytes_per_query = batch * heads_ * keys * static_cast<int64_t>(x.element_size());
    const int64_t chunk =
        std::max<int64_t>(1, score_budget_bytes_ / std::max<int64_t>(1, bytes_per_query));
    torch::Tensor out;
    if (chunk >= tokens) {
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
    return attend(x, project_key_value(context.defined() ? context : x), bias);
}

}  // namespace pixart
