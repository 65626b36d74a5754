#include <chrono>
#include <string>

#include "api/errors.h"
#include "api/runtime.h"
#include "api/vae_benchmark.h"
#include "config/vae_config.h"
#include "memory/cpu_buffer_cache.h"
#include "memory/process_memory.h"
#include "models/vae/autoencoder_kl.h"
#include "pipeline/engine_internals.h"
#include "pipeline/pipeline_options.h"

namespace pixart {

VaeDecodeBenchmarkResult run_vae_decode_benchmark(const VaeDecodeBenchmarkOptions& options) {
    return guard_torch_errors([&] {
        const auto config = VaeConfig::from_file(options.config_path);
        const int factor = config.scale_factor();
        if (options.width <= 0 || options.height <= 0 || options.width % factor ||
            options.height % factor || options.width > 16384 || options.height > 16384) {
            throw Error(ErrorKind::InvalidArgument,
                        "width and height must be positive multiples of " + std::to_string(factor) +
                            " up to 16384");
        }
        EngineOptions engine_options;
        engine_options.device = options.device;
        engine_options.dtype = options.dtype;
        const auto pipeline_options = PipelineOptions::from_engine_options(engine_options);
        set_thread_count(options.threads);
        memory::CpuBufferCache::install();  // as Engine::open does
        at::globalContext().setFlushDenormal(true);

        torch::NoGradGuard no_grad;
        torch::manual_seed(0);
        AutoencoderKL vae(config);
        vae->to(pipeline_options.device, pipeline_options.vae_dtype);
        vae->eval();

        VaeDecodeBenchmarkResult result;
        for (const auto& p : vae->parameters()) result.parameters += p.numel();
        const int64_t h = options.height / factor, w = options.width / factor;
        const auto z = torch::randn({1, config.latent_channels, h, w}) / config.scaling_factor;
        TiledDecodeOptions tiles;
        tiles.tile_latent = options.tile_latent;
        tiles.overlap_latent = options.overlap_latent;
        using Tiling = VaeDecodeBenchmarkOptions::Tiling;
        auto tiling = options.tiling;
        if (tiling == Tiling::Auto) {
            tiling =
                pipeline_options.tiled_decode.should_tile(h, w) ? Tiling::Banded : Tiling::Never;
        }
        BandedDecodeOptions bands;
        bands.band_bytes = options.band_mib << 20;
        if (options.resident_mib >= 0) bands.resident_activation_bytes = options.resident_mib << 20;
        bands.spill_directory = options.spill_directory;
        result.rss_before_mib = process_memory::current_rss_mib();

        const auto seconds_since = [](std::chrono::steady_clock::time_point start) {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        const auto start = std::chrono::steady_clock::now();
        torch::Tensor image;
        if (tiling == Tiling::Banded) {
            result.mode = "banded";
            BandedDecodeStats stats;
            image = vae->decode_banded(z, bands, &stats);
            result.peak_spilled_mib = static_cast<double>(stats.peak_spilled_bytes) / 1048576.0;
        } else if (tiling == Tiling::Always) {
            result.mode = "tiled";
            image = vae->decode_tiled(z, tiles);
        } else {
            result.mode = "untiled";
            image = vae->decode(z);
        }
        result.seconds = seconds_since(start);
        result.finite = torch::isfinite(image).all().item<bool>();
        result.width = static_cast<int>(image.size(3));
        result.height = static_cast<int>(image.size(2));
        result.peak_rss_mib = process_memory::peak_rss_mib();
        if (options.compare_with_untiled && result.mode != "untiled") {
            const auto untiled_start = std::chrono::steady_clock::now();
            const auto reference = vae->decode(z);
            result.untiled_seconds = seconds_since(untiled_start);
            result.relative_l2_vs_untiled =
                ((image - reference).norm() / reference.norm()).item<double>();
        }
        result.threads = at::get_num_threads();
        return result;
    });
}

}  // namespace pixart
