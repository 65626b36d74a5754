// pixart-cli bench-vae — one VAE decode at true size with random weights: time and peak memory.
#include <cstdio>
#include <iostream>

#include "api/errors.h"
#include "api/vae_benchmark.h"
#include "command_line.h"
#include "commands.h"

namespace pixart::cli {

int command_bench_vae(const Args& args) {
    const CommandLine cl(
        args, {"config", "width", "height", "threads", "tile", "overlap", "device", "dtype"},
        {"help", "tiled", "untiled", "json"});
    if (cl.flag("help")) {
        std::cout << "usage: pixart-cli bench-vae --config VAE_CONFIG.json [--width 1024] "
                     "[--height 1024]\n"
                     "         [--tiled | --untiled] [--tile 128] [--overlap 32] [--threads N]\n"
                     "         [--device cpu|cuda] [--dtype float32|bfloat16] [--json]\n\n"
                     "Decodes one random latent with a randomly initialised VAE of that config "
                     "(e.g. the\n"
                     "SDXL VAE at 4096x4096) and prints the seconds and the peak resident memory. "
                     "Without\n"
                     "--tiled/--untiled, latents above 1024x1024 px are decoded in tiles, as the "
                     "pipeline does.\n";
        return 0;
    }
    if (!cl.has("config"))
        throw Error(ErrorKind::InvalidArgument, "--config VAE_CONFIG.json is required");
    if (cl.flag("tiled") && cl.flag("untiled"))
        throw Error(ErrorKind::InvalidArgument, "give --tiled or --untiled, not both");
    VaeDecodeBenchmarkOptions options;
    options.config_path = *cl.value("config");
    options.width = static_cast<int>(cl.integer("width", 1024, 8, 16384));
    options.height = static_cast<int>(cl.integer("height", 1024, 8, 16384));
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    options.tile_latent = static_cast<int>(cl.integer("tile", 128, 16, 1024));
    options.overlap_latent = static_cast<int>(cl.integer("overlap", 32, 0, 512));
    options.device = cl.value_or("device", "cpu");
    options.dtype = cl.value_or("dtype", "");
    if (cl.flag("tiled")) options.tiling = VaeDecodeBenchmarkOptions::Tiling::Always;
    if (cl.flag("untiled")) options.tiling = VaeDecodeBenchmarkOptions::Tiling::Never;
    const auto r = run_vae_decode_benchmark(options);
    if (cl.flag("json")) {
        std::printf(
            "{\"width\": %d, \"height\": %d, \"tiled\": %s, \"seconds\": %.3f, \"peak_rss_mib\": "
            "%.1f, "
            "\"rss_before_mib\": %.1f, \"parameters\": %lld, \"threads\": %d, \"finite\": %s}\n",
            r.width, r.height, r.tiled ? "true" : "false", r.seconds, r.peak_rss_mib,
            r.rss_before_mib, r.parameters, r.threads, r.finite ? "true" : "false");
    } else {
        std::printf("VAE decode %dx%d (%s), %.1f M parameters, %d threads\n", r.width, r.height,
                    r.tiled ? "tiled" : "untiled", r.parameters / 1e6, r.threads);
        std::printf(
            "seconds:   %.2f\npeak RSS:  %.0f MiB (%.0f MiB before decoding)\nfinite:    %s\n",
            r.seconds, r.peak_rss_mib, r.rss_before_mib, r.finite ? "yes" : "NO");
    }
    return r.finite ? 0 : exit_code_for(ErrorKind::Internal);
}

}  // namespace pixart::cli
