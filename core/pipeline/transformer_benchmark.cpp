#include <sys/resource.h>

#include <algorithm>
#include <chrono>

#include "api/benchmark.h"
#include "api/errors.h"
#include "api/runtime.h"
#include "config/transformer_config.h"
#include "engine_internals.h"
#include "models/pixart_transformer_2d.h"
#include "pipeline_options.h"

namespace pixart {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void synchronize(const torch::Device& device) {
#if TORCH_VERSION_MAJOR >= 2
    if (device.is_cuda()) torch::cuda::synchronize();
#else
    (void)device;
#endif
}

// The machine's matmul rate: the best of a few 2048³ products (2·n³ FLOPs each).
double matmul_gflops(const torch::Device& device, torch::ScalarType dtype) {
    const int64_t n = 2048;
    auto options = torch::TensorOptions().device(device).dtype(dtype);
    auto a = torch::randn({n, n}, options), b = torch::randn({n, n}, options);
    auto c = torch::matmul(a, b);  // warm-up
    synchronize(device);
    double best = 1e30;
    for (int i = 0; i < 5; ++i) {
        const auto start = std::chrono::steady_clock::now();
        c = torch::matmul(a, b);
        synchronize(device);
        best = std::min(best, seconds_since(start));
    }
    return 2.0 * n * n * n / best / 1e9;
}

// FLOPs of one transformer forward (multiply-adds count 2), per sample:
//   per block: self-attn q,k,v,out 8·N·D² + scores/values 4·N²·D,
//              cross-attn q,out 4·N·D² + k,v 4·L·D² + scores/values 4·N·L·D, MLP 16·N·D²
//   caption projection 2·L·C·D + 2·L·D², patch embed 2·N·D·c·p², proj_out 2·N·D·p²·out
double step_flops(const TransformerConfig& c, double tokens, double text, double batch) {
    const double D = c.inner_dim(), N = tokens, L = text, p2 = c.patch_size * c.patch_size;
    const double block = 8 * N * D * D + 4 * N * N * D + 4 * N * D * D + 4 * L * D * D + 4 * N * L * D + 16 * N * D * D;
    const double caption = 2 * L * c.caption_channels * D + 2 * L * D * D;
    const double io = 2 * N * D * c.in_channels * p2 + 2 * N * D * p2 * c.out_channels;
    return batch * (c.num_layers * block + caption + io);
}

}  // namespace

TransformerBenchmarkResult run_transformer_benchmark(const TransformerBenchmarkOptions& options) {
    return guard_torch_errors([&] {
        if (options.steps < 1 || options.steps > 1000) throw Error(ErrorKind::InvalidArgument, "--steps must be 1..1000");
        if (options.prompt_tokens < 1 || options.prompt_tokens > options.text_tokens) {
            throw Error(ErrorKind::InvalidArgument, "--prompt-tokens must be 1..text tokens");
        }
        const auto config = TransformerConfig::from_file(options.config_path);
        EngineOptions engine_options;
        engine_options.device = options.device;
        engine_options.dtype = options.dtype;
        const auto pipeline_options = PipelineOptions::from_engine_options(engine_options);
        set_thread_count(options.threads);
        at::globalContext().setFlushDenormal(true);  // random weights must not hit denormal slow paths
        const int factor = 8 * config.patch_size;
        if (options.width <= 0 || options.height <= 0 || options.width % factor || options.height % factor) {
            throw Error(ErrorKind::InvalidArgument, "width and height must be positive multiples of " + std::to_string(factor));
        }

        torch::NoGradGuard no_grad;
        torch::manual_seed(0);
        PixArtTransformer2DModel model(config);
        model->to(pipeline_options.device, pipeline_options.dtype);
        model->eval();

        const int64_t batch = options.guidance ? 2 : 1;
        const int64_t h = options.height / 8, w = options.width / 8;
        auto tensor_options = torch::TensorOptions().device(pipeline_options.device).dtype(pipeline_options.dtype);
        auto latents = torch::randn({batch, config.in_channels, h, w}, tensor_options);
        auto text = torch::randn({batch, options.text_tokens, config.caption_channels}, tensor_options);
        auto mask = torch::zeros({batch, options.text_tokens}, torch::TensorOptions().dtype(torch::kInt64).device(pipeline_options.device));
        mask.narrow(1, 0, options.prompt_tokens).fill_(1);
        auto timestep = torch::full({batch}, 999, torch::TensorOptions().dtype(torch::kInt64).device(pipeline_options.device));

        TransformerBenchmarkResult result;
        model->forward(latents, text, mask, timestep);  // warm-up: allocator, caches, position embedding
        synchronize(pipeline_options.device);
        for (int i = 0; i < options.steps; ++i) {
            const auto start = std::chrono::steady_clock::now();
            auto out = model->forward(latents, text, mask, timestep);
            synchronize(pipeline_options.device);
            result.step_seconds.push_back(seconds_since(start));
        }
        auto sorted = result.step_seconds;
        std::sort(sorted.begin(), sorted.end());
        result.median_step_seconds = sorted[sorted.size() / 2];
        result.tokens = static_cast<int>((h / config.patch_size) * (w / config.patch_size));
        result.batch = static_cast<int>(batch);
        result.step_gflop = step_flops(config, result.tokens, options.text_tokens, batch) / 1e9;
        result.flop_formula =
            "per sample: layers*(28*N*D^2 + 4*N^2*D + 4*L*D^2 + 4*N*L*D) + 2*L*C*D + 2*L*D^2 + patch/proj I/O "
            "(N image tokens, L text tokens, D hidden, C caption channels)";
        result.step_gflops = result.step_gflop / result.median_step_seconds;
        result.matmul_gflops = matmul_gflops(pipeline_options.device, pipeline_options.dtype);
        result.ratio = result.step_gflops / result.matmul_gflops;
        for (const auto& p : model->parameters()) result.parameters += p.numel();
        struct rusage usage {};
        getrusage(RUSAGE_SELF, &usage);
        result.peak_rss_mib = usage.ru_maxrss / 1024.0;
        result.threads = at::get_num_threads();
        result.device = pipeline_options.device.str();
        result.dtype = c10::toString(pipeline_options.dtype);
        return result;
    });
}

}  // namespace pixart
