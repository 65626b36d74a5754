// Port of diffusers pipelines/pixart_alpha/pipeline_pixart_sigma.py (v0.30.3): the unrolled loop.
#pragma once

#include <memory>

#include "api/engine.h"
#include "generation_trace.h"
#include "model_components.h"
#include "prompt_encoder.h"
#include "resolved_size.h"

namespace pixart {

class PixArtSigmaPipeline {
  public:
    explicit PixArtSigmaPipeline(ModelComponents& components);

    // Validates a request (diffusers check_inputs + our limits); throws InvalidArgument.
    ResolvedSize check_inputs(const GenerationRequest& request) const;

    // Returns images [B * images_per_prompt, 3, H, W], float32 in [0, 1] on the CPU. Throws
    // Cancelled when `cancel` fires (checked before every step and before decoding).
    torch::Tensor run(const GenerationRequest& request, const GenerationCallbacks& callbacks,
                      const CancelToken* cancel, GenerationTrace* trace = nullptr);

    // The memory plan `run` would follow for this request now (what is loaded and cached counts),
    // without loading anything. run() refuses a plan that does not fit: Error(OutOfMemory).
    MemoryPlan plan(const GenerationRequest& request, bool exact_text_encoding = false);

    PromptEncoder& prompt_encoder() { return prompt_encoder_; }

  private:
    ModelComponents& components_;
    PromptEncoder prompt_encoder_;
};

}  // namespace pixart
