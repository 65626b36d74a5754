// `pixart-cli bench`: speed of the denoising step at true size with random weights, measured the
// way the pipeline runs it, next to the machine's own float32 matmul rate.
#pragma once

#include <string>
#include <vector>

namespace pixart {

struct TransformerBenchmarkOptions {
    std::string config_path;  // a transformer config.json (e.g. ../shared/models/configs/…1024-MS.json)
    int width = 256;
    int height = 256;
    int steps = 3;           // timed steps (one untimed warm-up step runs first)
    int threads = 0;         // 0 = all cores
    int text_tokens = 300;   // sequence length of the text embeddings (max_sequence_length)
    int prompt_tokens = 300; // real (unmasked) tokens among them
    bool guidance = true;    // CFG: batch 2 (negative + positive)
    std::string device = "cpu";
    std::string dtype;       // "" = float32 on cpu, float16 on cuda
};

struct TransformerBenchmarkResult {
    std::vector<double> step_seconds;
    double median_step_seconds = 0.0;
    double step_gflop = 0.0;      // analytical FLOPs of one step (see flop_formula)
    double step_gflops = 0.0;     // step_gflop / median_step_seconds
    double matmul_gflops = 0.0;   // best float32 (or dtype) matmul rate measured in the same run
    double ratio = 0.0;           // step_gflops / matmul_gflops
    double peak_rss_mib = 0.0;
    long long parameters = 0;
    int tokens = 0;               // image tokens per sample
    int batch = 0;
    int threads = 0;
    std::string device;
    std::string dtype;
    std::string flop_formula;
};

TransformerBenchmarkResult run_transformer_benchmark(const TransformerBenchmarkOptions& options);

}  // namespace pixart
