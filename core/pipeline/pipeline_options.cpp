#include "pipeline_options.h"

#include "api/errors.h"
#include "cache/prompt_embedding_cache.h"

namespace pixart {

PipelineOptions PipelineOptions::from_engine_options(const EngineOptions& options) {
    PipelineOptions p;
    if (options.device == "cpu") {
        p.device = torch::kCPU;
    } else if (options.device == "cuda" || options.device.rfind("cuda:", 0) == 0) {
        if (!torch::cuda::is_available()) {
            throw Error(ErrorKind::Unsupported,
                        "device '" + options.device +
                            "' requested, but this libtorch has no usable CUDA device");
        }
        p.device = torch::Device(options.device);
    } else {
        throw Error(ErrorKind::InvalidArgument,
                    "unknown device '" + options.device + "' (expected cpu or cuda)");
    }
    const bool cuda = p.device.is_cuda();
    const std::string dtype =
        options.dtype.empty() ? (cuda ? "float16" : "float32") : options.dtype;
    if (dtype == "float32" || dtype == "fp32") {
        p.dtype = torch::kFloat32;
    } else if (dtype == "bfloat16" || dtype == "bf16") {
        p.dtype = torch::kBFloat16;
    } else if (dtype == "float16" || dtype == "fp16") {
        // libtorch 1.13 has no CPU float16 matmul/conv (TOOLCHAIN.md).
        if (!cuda)
            throw Error(ErrorKind::Unsupported,
                        "float16 needs a CUDA device; use float32 or bfloat16 on cpu");
        p.dtype = torch::kFloat16;
    } else {
        throw Error(ErrorKind::InvalidArgument,
                    "unknown dtype '" + dtype + "' (expected float32, bfloat16 or float16)");
    }
    // The SDXL VAE overflows in float16 (black/NaN images): float32, or bfloat16 when asked.
    p.vae_dtype = p.dtype == torch::kBFloat16 ? torch::kBFloat16 : torch::kFloat32;
    p.release_text_encoder = options.release_text_encoder;
    p.text_encoder_device = p.device;
    p.text_encoder_dtype = p.dtype;
    if (options.text_encoder_device == "cpu") {
        // T5 on the CPU beside a GPU: float32, exact (libtorch has no CPU float16 matmul).
        p.text_encoder_device = torch::kCPU;
        p.text_encoder_dtype = torch::kFloat32;
    } else if (!options.text_encoder_device.empty() &&
               options.text_encoder_device != options.device) {
        throw Error(ErrorKind::InvalidArgument,
                    "text encoder device '" + options.text_encoder_device +
                        "': expected cpu (T5 beside a GPU) or the engine's device");
    }
    using TE = MemoryPolicy::TextEncoder;
    switch (options.text_encoder_mode) {
        case TextEncoderMode::Auto:
            p.memory_policy.text_encoder = TE::Auto;
            break;
        case TextEncoderMode::Resident:
            p.memory_policy.text_encoder = TE::Resident;
            break;
        case TextEncoderMode::Streamed:
            p.memory_policy.text_encoder = TE::Streamed;
            break;
    }
    p.memory_policy.keep_text_encoder = !options.release_text_encoder;
    if (options.memory_limit_bytes < 0)
        throw Error(ErrorKind::InvalidArgument, "memory limit must not be negative");
    p.memory_limit_bytes = options.memory_limit_bytes;
    if (options.prompt_cache) {
        p.prompt_cache_folder = options.prompt_cache_dir.empty()
                                    ? PromptEmbeddingCache::default_folder()
                                    : options.prompt_cache_dir;
    }
    if (options.prompt_cache_max_bytes < 0)
        throw Error(ErrorKind::InvalidArgument, "prompt cache size must not be negative");
    p.prompt_cache_max_bytes = options.prompt_cache_max_bytes;
    p.random_weights = options.random_weights;
    p.random_text_encoder_layers = options.random_text_encoder_layers;
    p.preview_interval = options.preview_interval;
    if (options.low_memory) p.apply_low_memory();
    return p;
}

TiledDecodeOptions PipelineOptions::low_memory_tiles() {
    // Measured (docs/PERFORMANCE.md): an exact 1024x1024 decode needs ~4 GB of activations, a
    // 512x512 one ~1 GB; 384-px tiles need ~0.55 GB. 48-cell tiles with an 8-cell (64-px)
    // cross-fade cover 128 cells in exactly 3 tiles per axis: 1.3x the exact decode's work.
    TiledDecodeOptions tiles;
    tiles.tile_latent = 48;
    tiles.overlap_latent = 8;
    tiles.max_untiled_latent_area = int64_t{48} * 48;
    tiles.banded = false;
    return tiles;
}

void PipelineOptions::apply_low_memory() {
    release_vae_while_denoising = true;
    tiled_decode = low_memory_tiles();
    memory_policy.low_memory = true;
}

}  // namespace pixart
