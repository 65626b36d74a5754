// Port of transformers src/transformers/models/t5/modeling_t5.py T5Attention (v4.41.2), encoder
// self-attention only (no cache, no cross-attention, no head pruning).
// T5 does NOT scale scores by 1/sqrt(d_kv) (the scale is folded into the weights), and adds a
// learned relative-position bias that only block 0 owns; the stack passes it to every block.
#pragma once

#include <torch/torch.h>

#include "config/t5_config.h"
#include "models/t5/uninitialized_embedding.h"
#include "models/t5/uninitialized_linear.h"

namespace pixart {

class T5AttentionImpl : public torch::nn::Module {
  public:
    T5AttentionImpl(const T5Config& config, bool has_relative_attention_bias,
                    torch::ScalarType dtype);

    // Bidirectional bucket of each relative position (key_pos - query_pos), int64, same shape:
    // |distance| < num_buckets/4 gets its own bucket, longer distances share log-spaced buckets up
    // to max_distance; positive distances use the upper half of the buckets.
    static torch::Tensor relative_position_bucket(const torch::Tensor& relative_position,
                                                  int64_t num_buckets, int64_t max_distance);

    // [1, heads, query_length, key_length] bias for the scores; needs has_relative_attention_bias.
    torch::Tensor compute_bias(int64_t query_length, int64_t key_length) const;

    // The same from a bias table [num_buckets, heads] held elsewhere (the streamed encoder).
    static torch::Tensor compute_bias(const torch::Tensor& table, int64_t query_length,
                                      int64_t key_length, int64_t num_buckets,
                                      int64_t max_distance);

    // hidden_states [B, L, d_model]; position_bias [B or 1, heads, L, L] already holding the
    // attention mask. Returns [B, L, d_model].
    torch::Tensor forward(const torch::Tensor& hidden_states, const torch::Tensor& position_bias);

    UninitializedLinear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
    UninitializedEmbedding relative_attention_bias{nullptr};  // [num_buckets, heads]; block 0 only

  private:
    int64_t num_heads_;
    int64_t d_kv_;
    int64_t num_buckets_;
    int64_t max_distance_;
};
TORCH_MODULE(T5Attention);

}  // namespace pixart
