// `pixart-cli bench-vae`: time and peak memory of one VAE decode at true size with random weights
// (e.g. a 4096×4096 decode in tiles), so print sizes can be checked without real checkpoints.
#pragma once

#include <string>

namespace pixart {

struct VaeDecodeBenchmarkOptions {
    std::string config_path;  // a vae config.json (e.g. ../shared/models/configs/vae_config.json)
    int width = 1024;         // image size in pixels (latent = size / 8)
    int height = 1024;
    int threads = 0;  // 0 = all cores
    // Auto: as the pipeline decodes (untiled up to 1024x1024, banded above); Always: tiles;
    // Never: untiled; Banded: the exact decode in bands of rows.
    enum class Tiling { Auto, Always, Never, Banded } tiling = Tiling::Auto;
    int tile_latent = 128;
    int overlap_latent = 32;
    long long band_mib = 32;            // Banded: one band's convolution input
    long long resident_mib = -1;        // Banded: whole activations in memory (-1 = no limit)
    std::string spill_directory;        // Banded: where the rest is memory-mapped
    bool compare_with_untiled = false;  // also decode untiled and report the difference
    std::string device = "cpu";
    std::string dtype;  // "" = float32
};

struct VaeDecodeBenchmarkResult {
    double seconds = 0.0;
    double peak_rss_mib = 0.0;
    double rss_before_mib = 0.0;    // after building the VAE, before decoding
    std::string mode;               // "untiled", "tiled" or "banded"
    double peak_spilled_mib = 0.0;  // banded: most activation bytes memory-mapped at once
    // compare_with_untiled: the relative L2 difference and the untiled decode's own figures
    // (measured after the first decode, so its peak is the larger of the two).
    double relative_l2_vs_untiled = -1.0;
    double untiled_seconds = 0.0;
    long long parameters = 0;
    int width = 0;
    int height = 0;
    int threads = 0;
    bool finite = true;  // the decoded image holds no NaN/inf
};

VaeDecodeBenchmarkResult run_vae_decode_benchmark(const VaeDecodeBenchmarkOptions& options);

}  // namespace pixart
