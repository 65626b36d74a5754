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
};

}  // namespace pixart
