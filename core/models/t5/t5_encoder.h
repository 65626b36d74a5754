// Port of transformers src/transformers/models/t5/modeling_t5.py T5EncoderModel (v4.41.2): the
// T5 v1.1 text encoder of PixArt-Sigma (T5-XXL in the real model), inference only.
//
//   auto t5 = pixart::load_t5_encoder(model_dir + "/text_encoder");
//   torch::InferenceMode guard;
//   auto prompt_embeds = t5(input_ids, attention_mask);  // [B, 300, d_model]
//
// Module names are the transformers state-dict keys (shared, encoder.block.N.layer.0.SelfAttention
// .q, …, encoder.final_layer_norm), so checkpoints bind by name. forward does not modify the
// module; binding weights while another thread runs forward is not safe.
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

#include "config/t5_config.h"
#include "loading/checkpoint.h"
#include "loading/tensor_loading.h"
#include "models/t5/t5_stack.h"
#include "models/t5/uninitialized_embedding.h"

namespace pixart {

class T5EncoderImpl : public torch::nn::Module {
  public:
    // Parameters are allocated in `dtype` but not initialised: bind a checkpoint before use.
    explicit T5EncoderImpl(const T5Config& config, torch::ScalarType dtype = torch::kFloat32);

    // input_ids, attention_mask: [B, L] integers (1 = real token). Returns last_hidden_state
    // [B, L, d_model]. Padded positions are computed too, exactly like transformers (their rows
    // are NOT zero). Throws pixart::Error(InvalidArgument) on bad shapes, dtypes or token ids.
    torch::Tensor forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask);

    // Like output_hidden_states=True: [0] = token embeddings, [i] = input of block i, [L] = final
    // norm output (== forward). L + 1 tensors of [B, L, d_model].
    std::vector<torch::Tensor> forward_hidden_states(const torch::Tensor& input_ids,
                                                     const torch::Tensor& attention_mask);

    // The output of every block before the final norm (block_out.i of the goldens).
    std::vector<torch::Tensor> forward_block_outputs(const torch::Tensor& input_ids,
                                                     const torch::Tensor& attention_mask);

    // Fast path: runs the encoder on positions [0, n) only, n = 1 + the last real position of the
    // batch (a 20-token prompt padded to 300 costs 20 positions), and returns [B, L, d_model].
    // Rows before n equal forward()'s up to float rounding (padded keys get exactly zero attention
    // weight in both). Rows from n on are ZERO, where forward() computes values for padded
    // queries. That does not change PixArt's output: its cross-attention adds -10000 to the
    // scores of padded keys, so their softmax weight is exp(~-10000) == 0.0f whatever those rows
    // hold. Use forward() when the padded rows themselves must match diffusers' prompt_embeds.
    torch::Tensor encode_real_tokens(const torch::Tensor& input_ids,
                                     const torch::Tensor& attention_mask);

    // What bind_state_dict needs for a T5EncoderModel checkpoint: `encoder.embed_tokens.weight`
    // (tied to `shared.weight`), `decoder.*` and `lm_head.*` (a full T5 checkpoint) are ignored.
    // float_dtype is left at float32: set it to the module's dtype.
    static BindOptions bind_options();

    // Binds every parameter strictly (pixart::Error(ModelFolder) naming each missing / wrong-shaped
    // / unexpected tensor). Also accepts checkpoints that store the tied token table only as
    // `encoder.embed_tokens.weight`.
    void bind_weights(const Checkpoint& checkpoint, const std::string& component = "text_encoder");

    const T5Config& config() const { return config_; }
    torch::ScalarType dtype() const { return shared->weight.scalar_type(); }

    UninitializedEmbedding shared{nullptr};  // [vocab_size, d_model] token table
    T5Stack encoder{nullptr};

  private:
    // Validated ids/mask on the module's device: {input_ids (int64), attention_mask}.
    std::pair<torch::Tensor, torch::Tensor> checked_inputs(
        const torch::Tensor& input_ids, const torch::Tensor& attention_mask) const;

    T5Config config_;
};
TORCH_MODULE(T5Encoder);

// Builds the module from <dir>/config.json and binds <dir>/model.safetensors (or a sharded
// index, or the .fp16/.bf16 variants), converting the weights to `dtype`. The module is in eval
// mode. Throws pixart::Error (ModelFolder / CorruptFile) naming the file and the problem.
T5Encoder load_t5_encoder(const std::string& text_encoder_dir,
                          torch::ScalarType dtype = torch::kFloat32);

}  // namespace pixart
