#include "models/t5/t5_attention.h"

#include <cmath>

#include "api/errors.h"

namespace pixart {

T5AttentionImpl::T5AttentionImpl(const T5Config& config, bool has_relative_attention_bias,
                                 torch::ScalarType dtype)
    : num_heads_(config.num_heads),
      d_kv_(config.d_kv),
      num_buckets_(config.relative_attention_num_buckets),
      max_distance_(config.relative_attention_max_distance) {
    const int64_t inner_dim = config.inner_dim();
    q = register_module("q", UninitializedLinear(config.d_model, inner_dim, dtype));
    k = register_module("k", UninitializedLinear(config.d_model, inner_dim, dtype));
    v = register_module("v", UninitializedLinear(config.d_model, inner_dim, dtype));
    o = register_module("o", UninitializedLinear(inner_dim, config.d_model, dtype));
    if (has_relative_attention_bias) {
        relative_attention_bias = register_module(
            "relative_attention_bias", UninitializedEmbedding(num_buckets_, num_heads_, dtype));
    }
}

torch::Tensor T5AttentionImpl::relative_position_bucket(const torch::Tensor& relative_position,
                                                        int64_t num_buckets, int64_t max_distance) {
    // Same tensor operations as transformers (float32 log, python-double scalars), so the
    // rounding at bucket boundaries is identical.
    const int64_t half = num_buckets / 2;
    auto buckets = (relative_position > 0).to(torch::kLong) * half;
    const auto distance = torch::abs(relative_position);
    const int64_t max_exact = half / 2;
    const auto is_small = distance < max_exact;
    auto if_large =
        max_exact + (torch::log(distance.to(torch::kFloat) / static_cast<double>(max_exact)) /
                     std::log(static_cast<double>(max_distance) / static_cast<double>(max_exact)) *
                     static_cast<double>(half - max_exact))
                        .to(torch::kLong);
    if_large = torch::min(if_large, torch::full_like(if_large, half - 1));
    return buckets + torch::where(is_small, distance, if_large);
}

torch::Tensor T5AttentionImpl::compute_bias(int64_t query_length, int64_t key_length) const {
    if (relative_attention_bias.is_empty()) {
        throw Error(ErrorKind::Internal, "T5Attention: compute_bias on a block without the bias");
    }
    return compute_bias(relative_attention_bias->weight, query_length, key_length, num_buckets_,
                        max_distance_);
}

torch::Tensor T5AttentionImpl::compute_bias(const torch::Tensor& table, int64_t query_length,
                                            int64_t key_length, int64_t num_buckets,
                                            int64_t max_distance) {
    const auto options = torch::TensorOptions().dtype(torch::kLong).device(table.device());
    const auto context_position = torch::arange(query_length, options).unsqueeze(1);  // [Lq, 1]
    const auto memory_position = torch::arange(key_length, options).unsqueeze(0);     // [1, Lk]
    const auto relative_position = memory_position - context_position;                // [Lq, Lk]
    const auto bucket = relative_position_bucket(relative_position, num_buckets, max_distance);
    const auto values = torch::embedding(table, bucket);  // [Lq, Lk, heads]
    return values.permute({2, 0, 1}).unsqueeze(0);        // [1, heads, Lq, Lk]
}

torch::Tensor T5AttentionImpl::forward(const torch::Tensor& hidden_states,
                                       const torch::Tensor& position_bias) {
    const int64_t batch = hidden_states.size(0);
    // [B, L, heads * d_kv] -> [B, heads, L, d_kv]
    auto split_heads = [&](const torch::Tensor& x) {
        return x.view({batch, -1, num_heads_, d_kv_}).transpose(1, 2);
    };
    const auto query = split_heads(q(hidden_states));
    const auto key = split_heads(k(hidden_states));
    const auto value = split_heads(v(hidden_states));

    auto scores = torch::matmul(query, key.transpose(3, 2));  // [B, heads, L, L], no 1/sqrt(d)
    scores += position_bias;
    const auto weights = torch::softmax(scores.to(torch::kFloat), -1).to(scores.scalar_type());
    auto output = torch::matmul(weights, value);  // [B, heads, L, d_kv]
    output = output.transpose(1, 2).contiguous().view({batch, -1, num_heads_ * d_kv_});
    return o(output);  // [B, L, d_model]
}

}  // namespace pixart
