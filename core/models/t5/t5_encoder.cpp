#include "models/t5/t5_encoder.h"

#include <sstream>

#include "api/errors.h"
#include "models/t5/t5_inputs.h"

namespace pixart {

namespace {

const char* const kSharedWeight = "shared.weight";
const char* const kEmbedTokensWeight = "encoder.embed_tokens.weight";

std::string shape_text(c10::IntArrayRef shape) {
    std::ostringstream out;
    out << shape;
    return out.str();
}

}  // namespace

T5EncoderImpl::T5EncoderImpl(const T5Config& config, torch::ScalarType dtype) : config_(config) {
    if (!c10::isFloatingType(dtype)) {
        throw Error(ErrorKind::Unsupported,
                    std::string("T5 encoder: weights cannot be ") + c10::toString(dtype));
    }
    shared =
        register_module("shared", UninitializedEmbedding(config.vocab_size, config.d_model, dtype));
    encoder = register_module("encoder", T5Stack(config, dtype));
}

std::pair<torch::Tensor, torch::Tensor> T5EncoderImpl::checked_inputs(
    const torch::Tensor& input_ids, const torch::Tensor& attention_mask) const {
    return check_t5_inputs(input_ids, attention_mask, config_.vocab_size, shared->weight.device());
}

torch::Tensor T5EncoderImpl::forward(const torch::Tensor& input_ids,
                                     const torch::Tensor& attention_mask) {
    const auto [ids, mask] = checked_inputs(input_ids, attention_mask);
    return encoder(shared(ids), mask);  // [B, L, d_model]
}

std::vector<torch::Tensor> T5EncoderImpl::forward_hidden_states(
    const torch::Tensor& input_ids, const torch::Tensor& attention_mask) {
    const auto [ids, mask] = checked_inputs(input_ids, attention_mask);
    std::vector<torch::Tensor> hidden_states{shared(ids)};
    std::vector<torch::Tensor> block_outputs;
    const auto last = encoder->forward(hidden_states.front(), mask, &block_outputs);
    // The last block's output only appears after the final norm.
    hidden_states.insert(hidden_states.end(), block_outputs.begin(), block_outputs.end() - 1);
    hidden_states.push_back(last);
    return hidden_states;
}

std::vector<torch::Tensor> T5EncoderImpl::forward_block_outputs(
    const torch::Tensor& input_ids, const torch::Tensor& attention_mask) {
    const auto [ids, mask] = checked_inputs(input_ids, attention_mask);
    std::vector<torch::Tensor> block_outputs;
    encoder->forward(shared(ids), mask, &block_outputs);
    return block_outputs;
}

torch::Tensor T5EncoderImpl::encode_real_tokens(const torch::Tensor& input_ids,
                                                const torch::Tensor& attention_mask) {
    const auto [ids, mask] = checked_inputs(input_ids, attention_mask);
    return encode_real_positions(ids, mask, [this](const torch::Tensor& i, const torch::Tensor& m) {
        return encoder(shared(i), m);
    });
}

BindOptions T5EncoderImpl::bind_options() {
    BindOptions options;
    options.ignored_prefixes = {std::string(kEmbedTokensWeight), "decoder.", "lm_head."};
    return options;
}

void T5EncoderImpl::bind_weights(const Checkpoint& checkpoint, const std::string& component) {
    auto options = bind_options();
    options.float_dtype = dtype();
    const auto* tied = checkpoint.find(kEmbedTokensWeight);
    if (checkpoint.find(kSharedWeight) != nullptr || tied == nullptr) {
        bind_state_dict(*this, checkpoint, component, options);
        return;
    }
    // Only the encoder's copy of the tied token table is stored: bind it as `shared`.
    const auto expected = shared->weight.sizes().vec();
    if (tied->info->shape != expected) {
        throw Error(ErrorKind::ModelFolder,
                    component + " weights do not match its config; " + kEmbedTokensWeight + " is " +
                        shape_text(tied->info->shape) + ", expected " + shape_text(expected));
    }
    options.optional_names.push_back(kSharedWeight);
    bind_state_dict(*this, checkpoint, component, options);
    torch::NoGradGuard no_grad;
    shared->weight.copy_(read_tensor(*tied->file, *tied->info, dtype()));
}

T5Encoder load_t5_encoder(const std::string& text_encoder_dir, torch::ScalarType dtype) {
    const auto config = T5Config::from_file(text_encoder_dir + "/config.json");
    const auto checkpoint = Checkpoint::open_component(text_encoder_dir, "model");
    T5Encoder model(config, dtype);
    model->bind_weights(checkpoint);
    model->eval();
    return model;
}

}  // namespace pixart
