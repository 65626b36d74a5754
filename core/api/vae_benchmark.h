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
    enum class Tiling { Auto, Always, Never } tiling = Tiling::Auto;
    int tile_latent = 128;
    int overlap_latent = 32;
    std::string device = "cpu";
    std::string dtype;  // "" = float32
};

struct VaeDecodeBenchmarkResult {
    double seconds = 0.0;
    double peak_rss_mib = 0.0;
    double rss_before_mib = 0.0;  // after building the VAE, before decoding
    bool tiled = false;
    long long parameters = 0;
    int width = 0;
    int height = 0;
    int threads = 0;
    bool finite = true;  // the decoded image holds no NaN/inf
};

VaeDecodeBenchmarkResult run_vae_decode_benchmark(const VaeDecodeBenchmarkOptions& options);

}  // namespace pixart
