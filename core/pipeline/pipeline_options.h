// How the pipeline runs: device, dtypes, memory policy. Derived from api EngineOptions.
#pragma once

#include <torch/torch.h>

#include "api/engine.h"
#include "memory/memory_plan.h"
#include "models/vae/banded_decode_options.h"
#include "models/vae/tiled_decode_options.h"

namespace pixart {

struct PipelineOptions {
    torch::Device device = torch::kCPU;
    torch::ScalarType dtype = torch::kFloat32;      // text encoder + transformer
    torch::ScalarType vae_dtype = torch::kFloat32;  // never float16: the SDXL VAE overflows there
    // Where T5 runs and in what dtype: the device above by default; the CPU in float32 (exact)
    // when asked to keep it there while the transformer and VAE use a GPU.
    torch::Device text_encoder_device = torch::kCPU;
    torch::ScalarType text_encoder_dtype = torch::kFloat32;
    // How T5 holds its weights and how much memory a job may use (see memory/memory_plan.h).
    MemoryPolicy memory_policy;
    std::int64_t memory_limit_bytes = 0;  // 0 = what the system and the cgroup allow
    // Prompt embeddings on disk ("" folder = no disk cache).
    std::string prompt_cache_folder;
    std::int64_t prompt_cache_max_bytes = std::int64_t{1} << 30;
    bool release_text_encoder = true;
    bool random_weights = false;
    int random_text_encoder_layers = 0;  // with random_weights: 0 = the config's depth
    int preview_interval = 1;
    // Run T5 over all max_length positions like transformers does, so prompt_embeds match
    // diffusers row for row (padded rows included). Off: T5 runs on the real tokens only
    // (T5Encoder::encode_real_tokens); padded rows are then zero, which changes nothing
    // downstream (the transformer gives padded keys exactly zero attention weight).
    bool exact_text_encoding = false;
    // Free a loaded VAE before denoising (it loads again for decoding): its weights and the
    // transformer's are then never resident together. For machines where memory is tight.
    bool release_vae_while_denoising = false;
    // Free the transformer before decoding (it loads again for the next generation): the decoder's
    // activations (~2.5 GB at 1024×1024) then never add to the transformer's weights.
    bool release_transformer_before_decoding = false;
    // Latents larger than tiled_decode.max_untiled_latent_area are decoded in bands of rows
    // (exact; whole activations in memory as far as the memory plan allows, the rest
    // memory-mapped from temporary files), or tile by tile under the low-memory measures.
    TiledDecodeOptions tiled_decode;
    BandedDecodeOptions banded_decode;

    // EngineOptions::low_memory: VAE freed while denoising, decode tiled (48-cell = 384-px tiles,
    // 8-cell overlap) for latents above 48x48 cells.
    void apply_low_memory();
    // The decode tiles of the low-memory measures.
    static TiledDecodeOptions low_memory_tiles();

    // Validates the engine options against this libtorch build (cuda present? dtype known?).
    static PipelineOptions from_engine_options(const EngineOptions& options);
};

}  // namespace pixart
