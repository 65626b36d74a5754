// A T5 encoder as the pipeline uses it, whichever way it holds its weights: resident (every
// weight in memory, ResidentT5TextEncoder) or streamed (one block at a time from the files,
// StreamedT5Encoder). Both run the same modules on the same weight layout: same bits.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace pixart {

class T5TextEncoder {
  public:
    virtual ~T5TextEncoder() = default;

    // As T5EncoderImpl::forward (every position) and ::encode_real_tokens (real tokens only,
    // padded rows zero). Both throw pixart::Error(InvalidArgument) on bad inputs.
    virtual torch::Tensor forward(const torch::Tensor& input_ids,
                                  const torch::Tensor& attention_mask) = 0;
    virtual torch::Tensor encode_real_tokens(const torch::Tensor& input_ids,
                                             const torch::Tensor& attention_mask) = 0;

    // Several texts, each encoded alone (batch 1: its bits do not depend on the others), as
    // forward (all_positions) or encode_real_tokens would. The streamed encoder reads its
    // weights once for all of them instead of once per text.
    struct Input {
        torch::Tensor input_ids;       // [1, L]
        torch::Tensor attention_mask;  // [1, L]
    };
    virtual std::vector<torch::Tensor> encode_each(const std::vector<Input>& inputs,
                                                   bool all_positions) {
        std::vector<torch::Tensor> outputs;
        for (const auto& in : inputs) {
            outputs.push_back(all_positions ? forward(in.input_ids, in.attention_mask)
                                            : encode_real_tokens(in.input_ids, in.attention_mask));
        }
        return outputs;
    }

    virtual bool streamed() const = 0;
    // Weight bytes held in memory between encodes (a streamed encoder holds none).
    virtual std::int64_t resident_bytes() const = 0;
    // Weight bytes read from the checkpoint files so far (a resident encoder: its load).
    virtual std::int64_t bytes_read() const = 0;
};

}  // namespace pixart
