#include "models/t5/t5_inputs.h"

#include <sstream>
#include <string>

#include "api/errors.h"

namespace pixart {
namespace {

std::string shape_text(c10::IntArrayRef shape) {
    std::ostringstream out;
    out << shape;
    return out.str();
}

void require(bool condition, const std::string& problem) {
    if (!condition) throw Error(ErrorKind::InvalidArgument, "T5 encoder input: " + problem);
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> check_t5_inputs(const torch::Tensor& input_ids,
                                                        const torch::Tensor& attention_mask,
                                                        std::int64_t vocab_size,
                                                        const torch::Device& device) {
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
    auto ids = input_ids.to(device, torch::kLong);
    const auto lowest = ids.min().item<std::int64_t>();
    const auto highest = ids.max().item<std::int64_t>();
    require(lowest >= 0 && highest < vocab_size,
            "token id " + std::to_string(lowest < 0 ? lowest : highest) +
                " is outside the vocabulary [0, " + std::to_string(vocab_size) + ")");
    return {ids, attention_mask.to(device)};
}

std::int64_t real_extent(const torch::Tensor& mask) {
    const auto positions = torch::arange(1, mask.size(1) + 1, mask.options().dtype(torch::kLong));
    return (positions * (mask != 0).to(torch::kLong)).max().item<std::int64_t>();  // [L]: 1..L
}

torch::Tensor pad_positions(const torch::Tensor& real, std::int64_t length) {
    if (real.size(1) == length) return real;
    auto output = torch::zeros({real.size(0), length, real.size(2)}, real.options());
    output.narrow(1, 0, real.size(1)).copy_(real);  // [B, L, d], zero rows from n on
    return output;
}

torch::Tensor encode_real_positions(const torch::Tensor& ids, const torch::Tensor& mask,
                                    const T5Encode& encode) {
    const std::int64_t length = ids.size(1);
    const std::int64_t n = real_extent(mask);
    if (n == length || n == 0) return encode(ids, mask);  // nothing to trim
    return pad_positions(encode(ids.narrow(1, 0, n), mask.narrow(1, 0, n)), length);
}

}  // namespace pixart
