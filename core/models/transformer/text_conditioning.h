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
};

}  // namespace pixart
