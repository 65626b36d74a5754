#include "models/t5/t5_encoder.h"

#include <sstream>

#include "api/errors.h"

namespace pixart {

namespace {

const char* const kSharedWeight = "shared.weight";
const char* const kEmbedTokensWeight = "encoder.embed_tokens.weight";

std::string shape_text(c10::IntArrayRef shape) {
    std::ostringstream out;
    out << shape;
    return out.str();
}

void require(bool condition, const std::string& problem) {
    if (!condition) throw Error(ErrorKind::InvalidArgument, "T5 encoder input: " + problem);
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
    require(input_ids.defined() && attention_mask.defined(),
            "input_ids and attention_mask are required");
    require(
        input_ids.dim() == 2 && input_ids.size(0) > 0 && input_ids.size(1) > 0,
        "input_ids must be [batch, length] with both > 0, got " + shape_text(input_ids.sizes()));
    require(attention_mask.sizes() == input_ids.sizes(),
            "attention_mask " + shape_text(attention_mask.sizes()) + " must match input_ids " +
                shape_text(input_ids.sizes()));
    require(
        !c10::isFloatingType(input_ids.scalar_type()) && input_ids.scalar_type() != torch::kBool,
        "input_ids must be integers");
    const auto device = shared->weight.device();
    auto ids = input_ids.to(device, torch::kLong);
    const auto lowest = ids.min().item<int64_t>();
    const auto highest = ids.max().item<int64_t>();
    require(lowest >= 0 && highest < config_.vocab_size,
            "token id " + std::to_string(lowest < 0 ? lowest : highest) +
                " is outside the vocabulary [0, " + std::to_string(config_.vocab_size) + ")");
    return {ids, attention_mask.to(device)};
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
    const int64_t length = ids.size(1);
    // n = 1 + the last position any row marks real. Positions after it are padding in every row;
    // as masked keys they never influence positions before it, so they can be left out.
    const auto positions = torch::arange(1, length + 1, ids.options());  // [L]: 1..L
    const int64_t n = (positions * (mask != 0).to(torch::kLong)).max().item<int64_t>();
    if (n == length || n == 0) return encoder(shared(ids), mask);  // nothing to trim

    const auto real = encoder(shared(ids.narrow(1, 0, n)), mask.narrow(1, 0, n));  // [B, n, d]
    auto output = torch::zeros({ids.size(0), length, real.size(2)}, real.options());
    output.narrow(1, 0, n).copy_(real);  // [B, L, d], zero rows from n on
    return output;
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
