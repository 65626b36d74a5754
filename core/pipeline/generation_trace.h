// What one generation computed, captured for `pixart-cli generate --dump` and the parity tests:
// names match the golden cases of ../shared/golden/pipeline.safetensors (without the case prefix).
#pragma once

#include <torch/torch.h>

#include <vector>

namespace pixart {

struct GenerationTrace {
    // A trace is for comparing with diffusers, whose prompt_embeds hold T5's values for padded
    // positions too: by default a traced run encodes all positions (see
    // PipelineOptions::exact_text_encoding). false = trace the fast path as it normally runs.
    bool exact_text_encoding = true;

    torch::Tensor init_latents;    // [B, 4, h, w]; image-to-image: the picture's scaled latents
    torch::Tensor noised_latents;  // image-to-image: init_latents after add_noise
    torch::Tensor prompt_embeds;   // [B', 300, C]: cat([negative, positive]) with CFG
    torch::Tensor prompt_attention_mask;      // [B', 300] int64
    torch::Tensor timesteps;                  // [steps] the timesteps run (model dtype)
    std::vector<torch::Tensor> step_latents;  // each [B, 4, h, w], after scheduler.step
    torch::Tensor final_latents;              // [B, 4, h, w]
    torch::Tensor image;  // [B, 3, H, W] in [0, 1], after binning's resize-and-crop
};

}  // namespace pixart
