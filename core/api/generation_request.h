// What to generate. Defaults are diffusers' PixArtSigmaPipeline.__call__ defaults (v0.30.3).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pixart {

struct GenerationRequest {
    std::vector<std::string> prompts{""};  // one image set per prompt (a batch)
    std::string negative_prompt;           // used only when guidance_scale > 1 (CFG)
    std::uint64_t seed = 0;                // torch.Generator('cpu').manual_seed(seed)
    int steps = 20;
    double guidance_scale = 4.5;
    int width = 0;   // 0 = the model's native size (sample_size * 8)
    int height = 0;  // 0 = the model's native size
    bool resolution_binning = true;
    int images_per_prompt = 1;
    bool clean_caption = false;
    int max_sequence_length = 300;
    std::string sampler = "dpm++2m";  // see Engine::samplers()
    // Regenerating images of an earlier, larger batch (request_from_metadata): the initial noise
    // is drawn for that whole batch of noise_batch_size images, as it was then, and this
    // request's images take the draws from noise_batch_index on. Only that image is denoised,
    // not its whole batch. 0 = the noise of this request's own batch (diffusers).
    int noise_batch_size = 0;
    int noise_batch_index = 0;
};

}  // namespace pixart
