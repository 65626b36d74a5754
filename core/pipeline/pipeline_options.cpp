#include "pipeline_options.h"

#include "api/errors.h"

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
    p.random_weights = options.random_weights;
    p.random_text_encoder_layers = options.random_text_encoder_layers;
    p.preview_interval = options.preview_interval;
    if (options.low_memory) p.apply_low_memory();
    return p;
}

void PipelineOptions::apply_low_memory() {
    release_vae_while_denoising = true;
    // Measured (docs/PERFORMANCE.md): an exact 1024x1024 decode needs ~4 GB of activations, a
    // 512x512 one ~1 GB; 384-px tiles need ~0.55 GB. 48-cell tiles with an 8-cell (64-px)
    // cross-fade cover 128 cells in exactly 3 tiles per axis: 1.3x the exact decode's work.
    tiled_decode.tile_latent = 48;
    tiled_decode.overlap_latent = 8;
    tiled_decode.max_untiled_latent_area = int64_t{48} * 48;
}

}  // namespace pixart
