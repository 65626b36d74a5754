// How the pipeline runs: device, dtypes, memory policy. Derived from api EngineOptions.
#pragma once

#include <torch/torch.h>

#include "api/engine.h"

namespace pixart {

struct PipelineOptions {
    torch::Device device = torch::kCPU;
    torch::ScalarType dtype = torch::kFloat32;      // text encoder + transformer
    torch::ScalarType vae_dtype = torch::kFloat32;  // never float16: the SDXL VAE overflows there
    bool release_text_encoder = true;
    bool random_weights = false;
    int random_text_encoder_layers = 0;  // with random_weights: 0 = the config's depth
    int preview_interval = 1;

    // Validates the engine options against this libtorch build (cuda present? dtype known?).
    static PipelineOptions from_engine_options(const EngineOptions& options);
};

}  // namespace pixart
