// The T5 encoder with every weight in memory (T5Encoder, ~19 GB for T5-XXL in float32): for
// machines with room to spare, where it stays loaded between prompts, and for random weights.
#pragma once

#include <cstdint>

#include "models/t5/t5_encoder.h"
#include "models/t5/t5_text_encoder.h"

namespace pixart {

class ResidentT5TextEncoder : public T5TextEncoder {
  public:
    // `bytes_read`: what loading it read from the files (0 for random weights).
    ResidentT5TextEncoder(T5Encoder module, std::int64_t bytes_read)
        : module_(std::move(module)), bytes_read_(bytes_read) {}

    torch::Tensor forward(const torch::Tensor& input_ids,
                          const torch::Tensor& attention_mask) override {
        return module_->forward(input_ids, attention_mask);
    }
    torch::Tensor encode_real_tokens(const torch::Tensor& input_ids,
                                     const torch::Tensor& attention_mask) override {
        return module_->encode_real_tokens(input_ids, attention_mask);
    }
    bool streamed() const override { return false; }
    std::int64_t resident_bytes() const override {
        std::int64_t bytes = 0;
        for (const auto& p : module_->parameters()) bytes += p.numel() * p.element_size();
        return bytes;
    }
    std::int64_t bytes_read() const override { return bytes_read_; }

    T5Encoder& module() { return module_; }

  private:
    T5Encoder module_;
    std::int64_t bytes_read_;
};

}  // namespace pixart
