// What every T5 encoder here does with its inputs before and around the blocks, whichever way its
// weights are held (T5Encoder resident, StreamedT5Encoder from the files): the same checks, the
// same trimming to the real tokens, so their outputs agree bit for bit.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <utility>

namespace pixart {

// input_ids, attention_mask: [B, L]. Returns {input_ids as int64, attention_mask} on `device`.
// Throws pixart::Error(InvalidArgument) on missing tensors, bad shapes or dtypes, and token ids
// outside [0, vocab_size).
std::pair<torch::Tensor, torch::Tensor> check_t5_inputs(const torch::Tensor& input_ids,
                                                        const torch::Tensor& attention_mask,
                                                        std::int64_t vocab_size,
                                                        const torch::Device& device);

// encode_real_tokens's recipe: `encode` (checked inputs → [B, n, d]) runs on positions [0, n)
// only, n = 1 + the last position any row marks real, and the result is zero-padded back to
// [B, L, d]. Positions after n are padding in every row; as masked keys they receive exactly zero
// attention weight, so they cannot change the rows before n. With nothing to trim (n == L, or no
// real token at all) `encode` runs on everything.
using T5Encode = std::function<torch::Tensor(const torch::Tensor& ids, const torch::Tensor& mask)>;

// n: 1 + the last position any row of `mask` [B, L] marks real (0 when none).
std::int64_t real_extent(const torch::Tensor& mask);
// real [B, n, d] zero-padded to [B, length, d] (real itself when n == length).
torch::Tensor pad_positions(const torch::Tensor& real, std::int64_t length);
torch::Tensor encode_real_positions(const torch::Tensor& ids, const torch::Tensor& mask,
                                    const T5Encode& encode);

}  // namespace pixart
