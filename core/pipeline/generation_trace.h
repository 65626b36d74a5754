// What one generation computed, captured for `pixart-cli generate --dump` and the parity tests:
// names match the golden cases of ../shared/golden/pipeline.safetensors (without the case prefix).
#pragma once

#include <torch/torch.h>

#include <vector>

namespace pixart {

struct GenerationTrace {
    torch::Tensor init_latents;           // [B, 4, h, w]
    torch::Tensor prompt_embeds;          // [B', 300, C]: cat([negative, positive]) with CFG
    torch::Tensor prompt_attention_mask;  // [B', 300] int64
    torch::Tensor timesteps;              // [steps] int64
    std::vector<torch::Tensor> step_latents;  // each [B, 4, h, w], after scheduler.step
    torch::Tensor final_latents;          // [B, 4, h, w]
    torch::Tensor image;                  // [B, 3, H, W] in [0, 1], after binning's resize-and-crop
};

}  // namespace pixart
