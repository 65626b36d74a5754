#include "models/t5/t5_block.h"

namespace pixart {

namespace {

// transformers clamps fp16 activations after each sub-layer so that T5's large activations do not
// overflow to inf: to +-65504, or to +-64504 once an inf has appeared. The choice is made with
// torch::where instead of a host-side branch so a GPU run does not synchronise.
torch::Tensor clamp_half_overflow(const torch::Tensor& hidden_states) {
    if (hidden_states.scalar_type() != torch::kFloat16) return hidden_states;
    constexpr double fp16_max = 65504.0;
    return torch::where(torch::isinf(hidden_states).any(),
                        torch::clamp(hidden_states, -(fp16_max - 1000.0), fp16_max - 1000.0),
                        torch::clamp(hidden_states, -fp16_max, fp16_max));
}

}  // namespace

T5BlockImpl::T5BlockImpl(const T5Config& config, bool has_relative_attention_bias,
                         torch::ScalarType dtype) {
    self_attention = T5LayerSelfAttention(config, has_relative_attention_bias, dtype);
    feed_forward = T5LayerFF(config, dtype);
    layer = register_module("layer", torch::nn::ModuleList(self_attention, feed_forward));
}

torch::Tensor T5BlockImpl::forward(const torch::Tensor& hidden_states,
                                   const torch::Tensor& position_bias) {
    return forward_feed_forward(forward_self_attention(hidden_states, position_bias));
}

torch::Tensor T5BlockImpl::forward_self_attention(const torch::Tensor& hidden_states,
                                                  const torch::Tensor& position_bias) {
    return clamp_half_overflow(self_attention(hidden_states, position_bias));
}

torch::Tensor T5BlockImpl::forward_feed_forward(const torch::Tensor& hidden_states) {
    return clamp_half_overflow(feed_forward(hidden_states));
}

}  // namespace pixart
