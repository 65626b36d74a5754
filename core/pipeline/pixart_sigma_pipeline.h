// Port of diffusers pipelines/pixart_alpha/pipeline_pixart_sigma.py (v0.30.3): the unrolled loop.
#pragma once

#include <memory>

#include "api/engine.h"
#include "generation_trace.h"
#include "model_components.h"
#include "prompt_encoder.h"

namespace pixart {

// The sizes one request resolves to.
struct ResolvedSize {
    int width = 0;   // what the user asked for (the output size)
    int height = 0;
    int generated_width = 0;  // after resolution binning (what the transformer runs at)
    int generated_height = 0;
};

class PixArtSigmaPipeline {
public:
    explicit PixArtSigmaPipeline(ModelComponents& components);

    // Validates a request (diffusers check_inputs + our limits); throws InvalidArgument.
    ResolvedSize check_inputs(const GenerationRequest& request) const;

    // Returns images [B * images_per_prompt, 3, H, W], float32 in [0, 1] on the CPU. Throws
    // Cancelled when `cancel` fires (checked before every step and before decoding).
    torch::Tensor run(const GenerationRequest& request, const GenerationCallbacks& callbacks,
                      const CancelToken* cancel, GenerationTrace* trace = nullptr);

    PromptEncoder& prompt_encoder() { return prompt_encoder_; }

private:
    ModelComponents& components_;
    PromptEncoder prompt_encoder_;
};

}  // namespace pixart
