#include "models/t5/t5_stack.h"

#include <limits>

#include "api/errors.h"

namespace pixart {

namespace {

// torch.finfo(dtype).min, which transformers uses as "minus infinity" for masked keys.
double lowest_value(torch::ScalarType dtype) {
    switch (dtype) {
        case torch::kFloat16:
            return -65504.0;
        case torch::kBFloat16:
            return -3.3895313892515355e38;
        case torch::kFloat64:
            return std::numeric_limits<double>::lowest();
        case torch::kFloat32:
            return std::numeric_limits<float>::lowest();
        default:
            break;
    }
    throw Error(ErrorKind::Unsupported,
                std::string("T5 encoder: unsupported dtype ") + c10::toString(dtype));
}

}  // namespace

T5StackImpl::T5StackImpl(const T5Config& config, torch::ScalarType dtype) {
    block = register_module("block", torch::nn::ModuleList());
    for (int i = 0; i < config.num_layers; ++i) {
        // Only block 0 owns the relative-position bias table; the others reuse its bias.
        blocks.push_back(T5Block(config, /*has_relative_attention_bias=*/i == 0, dtype));
        block->push_back(blocks.back());
    }
    final_layer_norm = register_module(
        "final_layer_norm", T5LayerNorm(config.d_model, config.layer_norm_epsilon, dtype));
}

torch::Tensor T5StackImpl::position_bias(const torch::Tensor& attention_mask,
                                         torch::ScalarType dtype) const {
    const int64_t length = attention_mask.size(1);
    const auto& attention = blocks.front()->self_attention->SelfAttention;
    return add_mask_bias(attention->compute_bias(length, length), attention_mask, dtype);
}

torch::Tensor T5StackImpl::add_mask_bias(const torch::Tensor& relative_bias,
                                         const torch::Tensor& attention_mask,
                                         torch::ScalarType dtype) {
    // [B, L] -> [B, 1, 1, L]: (1 - mask) * finfo.min, added to every query row of every head.
    const auto extended = attention_mask.unsqueeze(1).unsqueeze(2).to(dtype);
    const auto mask_bias = (1.0 - extended) * lowest_value(dtype);
    return relative_bias + mask_bias;  // [B, heads, L, L]
}

torch::Tensor T5StackImpl::forward(const torch::Tensor& inputs_embeds,
                                   const torch::Tensor& attention_mask,
                                   std::vector<torch::Tensor>* block_outputs) {
    // 1. Bias shared by all blocks (computed once, as block 0 does in transformers)
    const auto bias = position_bias(attention_mask, inputs_embeds.scalar_type());

    // 2. Blocks
    auto hidden_states = inputs_embeds;
    for (auto& b : blocks) {
        hidden_states = b(hidden_states, bias);
        if (block_outputs != nullptr) block_outputs->push_back(hidden_states);
    }

    // 3. Output
    return final_layer_norm(hidden_states);
}

}  // namespace pixart
