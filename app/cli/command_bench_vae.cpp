// pixart-cli bench-vae — one VAE decode at true size with random weights: time and peak memory.
#include <cstdio>
#include <iostream>

#include "api/errors.h"
#include "api/vae_benchmark.h"
#include "command_line.h"
#include "commands.h"

namespace pixart::cli {

int command_bench_vae(const Args& args) {
    const CommandLine cl(args,
                         {"config", "width", "height", "threads", "tile", "overlap", "band-mb",
                          "resident-mb", "spill-dir", "device", "dtype"},
                         {"help", "tiled", "untiled", "banded", "compare", "json"});
    if (cl.flag("help")) {
        std::cout << "usage: pixart-cli bench-vae --config VAE_CONFIG.json [--width 1024] "
                     "[--height 1024]\n"
                     "         [--untiled | --banded | --tiled] [--compare] [--threads N]\n"
                     "         [--band-mb 32] [--resident-mb N] [--spill-dir DIR]\n"
                     "         [--tile 128] [--overlap 32]\n"
                     "         [--device cpu|cuda] [--dtype float32|bfloat16] [--json]\n\n"
                     "Decodes one random latent with a randomly initialised VAE of that config "
                     "(e.g. the\n"
                     "SDXL VAE at 4096x4096) and prints the seconds and the peak resident memory.\n"
                     "Without a mode, as the pipeline decodes: untiled up to 1024x1024 px, above "
                     "it banded\n"
                     "(exact, in bands of rows; --resident-mb caps the whole activations kept in "
                     "memory,\n"
                     "the rest is memory-mapped in --spill-dir). --tiled: overlapping tiles, "
                     "cross-faded\n"
                     "(approximate). --compare also decodes untiled and prints the difference.\n";
        return 0;
    }
    if (!cl.has("config"))
        throw Error(ErrorKind::InvalidArgument, "--config VAE_CONFIG.json is required");
    if (cl.flag("tiled") + cl.flag("untiled") + cl.flag("banded") > 1)
        throw Error(ErrorKind::InvalidArgument, "give one of --tiled, --untiled and --banded");
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
    if (cl.flag("banded")) options.tiling = VaeDecodeBenchmarkOptions::Tiling::Banded;
    options.band_mib = cl.integer("band-mb", 32, 1, 65536);
    options.resident_mib = cl.integer("resident-mb", -1, -1, 1 << 30);
    options.spill_directory = cl.value_or("spill-dir", "");
    options.compare_with_untiled = cl.flag("compare");
    const auto r = run_vae_decode_benchmark(options);
    if (cl.flag("json")) {
        std::printf(
            "{\"width\": %d, \"height\": %d, \"mode\": \"%s\", \"seconds\": %.3f, "
            "\"peak_rss_mib\": %.1f, \"rss_before_mib\": %.1f, \"peak_spilled_mib\": %.1f, "
            "\"relative_l2_vs_untiled\": %.3g, \"untiled_seconds\": %.3f, \"parameters\": %lld, "
            "\"threads\": %d, \"finite\": %s}\n",
            r.width, r.height, r.mode.c_str(), r.seconds, r.peak_rss_mib, r.rss_before_mib,
            r.peak_spilled_mib, r.relative_l2_vs_untiled, r.untiled_seconds, r.parameters,
            r.threads, r.finite ? "true" : "false");
    } else {
        std::printf("VAE decode %dx%d (%s), %.1f M parameters, %d threads\n", r.width, r.height,
                    r.mode.c_str(), r.parameters / 1e6, r.threads);
        std::printf(
            "seconds:   %.2f\npeak RSS:  %.0f MiB (%.0f MiB before decoding)\nfinite:    %s\n",
            r.seconds, r.peak_rss_mib, r.rss_before_mib, r.finite ? "yes" : "NO");
        if (r.peak_spilled_mib > 0)
            std::printf("spilled:   %.0f MiB at most\n", r.peak_spilled_mib);
        if (r.relative_l2_vs_untiled >= 0) {
            std::printf("untiled:   %.2f s, relative L2 difference %.3g\n", r.untiled_seconds,
                        r.relative_l2_vs_untiled);
        }
    }
    return r.finite ? 0 : exit_code_for(ErrorKind::Internal);
}

}  // namespace pixart::cli
