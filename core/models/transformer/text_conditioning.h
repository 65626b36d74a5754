// Everything the transformer derives from the text alone, computed once per generation by
// PixArtTransformer2DModelImpl::prepare_text and reused at every denoising step.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/transformer/attention.h"

namespace pixart {

struct TextConditioning {
    torch::Tensor caption;  // [B, L', D] caption projection output
    torch::Tensor bias;     // [B, 1, 1, L'] (1 - mask) * -10000, or undefined (no mask)
    std::vector<AttentionKeyValue> cross_kv;  // per block: attn2 key/value [B, H, L', head_dim]
    int64_t dropped_tokens = 0;               // trailing all-padding tokens left out (L - L')
    // Per batch row: the index of the one key its mask attends (mask exactly 1 there, exactly 0
    // elsewhere), or -1. Such a row's cross-attention is that key's value row for every query
    // (see BasicTransformerBlockImpl::cross_attention). Filled when padding is dropped; the
    // empty negative prompt is such a row.
    std::vector<int64_t> one_key;
};

}  // namespace pixart
