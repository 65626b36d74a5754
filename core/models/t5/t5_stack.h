// Port of transformers src/transformers/models/t5/modeling_t5.py T5Stack (v4.41.2), as the
// encoder of T5EncoderModel: blocks over token embeddings, then a final RMSNorm.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "config/t5_config.h"
#include "models/t5/t5_block.h"
#include "models/t5/t5_layer_norm.h"

namespace pixart {

class T5StackImpl : public torch::nn::Module {
  public:
    T5StackImpl(const T5Config& config, torch::ScalarType dtype);

    // inputs_embeds [B, L, d_model]; attention_mask [B, L] (1 = real token, 0 = padding).
    // Returns final_layer_norm(last block output) [B, L, d_model]. When block_outputs is given, the
    // output of every block (before the final norm) is appended to it.
    torch::Tensor forward(const torch::Tensor& inputs_embeds, const torch::Tensor& attention_mask,
                          std::vector<torch::Tensor>* block_outputs = nullptr);

    // Block 0's relative-position bias plus the extended mask: [B, heads, L, L], shared by all
    // blocks. Padded keys get finfo(dtype).min, so they receive exactly zero attention weight.
    torch::Tensor position_bias(const torch::Tensor& attention_mask, torch::ScalarType dtype) const;

    // relative_bias [1, heads, L, L] (T5Attention::compute_bias) + the mask's finfo.min for padded
    // keys, in `dtype`: what position_bias returns, for encoders that hold block 0's table apart.
    static torch::Tensor add_mask_bias(const torch::Tensor& relative_bias,
                                       const torch::Tensor& attention_mask,
                                       torch::ScalarType dtype);

    torch::nn::ModuleList block{nullptr};
    std::vector<T5Block> blocks;  // the same modules as `block`, typed
    T5LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(T5Stack);

}  // namespace pixart
