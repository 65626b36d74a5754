// `pixart-cli bench --text-encoder`: T5 at true width (fewer layers so it fits in memory), a short
// prompt on its real tokens only vs the full max_length pass transformers runs.
#include <chrono>

#include "api/benchmark.h"
#include "api/errors.h"
#include "api/runtime.h"
#include "benchmark_support.h"
#include "config/t5_config.h"
#include "memory/process_memory.h"
#include "models/t5/t5_encoder.h"
#include "pipeline/engine_internals.h"
#include "pipeline/random_weights.h"

namespace pixart {
namespace {

// Analytical FLOPs of a T5 encoder pass over n positions (a multiply-add counts 2), per layer:
// q, k, v, o projections 8·n·d·inner, scores and values 4·n²·inner, gated feed-forward (wi_0,
// wi_1, wo) 6·n·d·d_ff; inner = heads · d_kv.
double t5_flops(const T5Config& c, double n) {
    const double d = c.d_model, inner = static_cast<double>(c.num_heads) * c.d_kv;
    return c.num_layers * (8 * n * d * inner + 4 * n * n * inner + 6 * n * d * c.d_ff);
}

}  // namespace

TextEncoderBenchmarkResult run_text_encoder_benchmark(const TextEncoderBenchmarkOptions& options) {
    return guard_torch_errors([&] {
        if (options.layers < 1 || options.layers > 64)
            throw Error(ErrorKind::InvalidArgument, "--t5-layers must be 1..64");
        if (options.prompt_tokens < 1 || options.prompt_tokens > options.max_length)
            throw Error(ErrorKind::InvalidArgument, "--prompt-tokens must be 1..max length");
        if (options.repeats < 1 || options.repeats > 100)
            throw Error(ErrorKind::InvalidArgument, "--steps (repeats) must be 1..100");
        auto config = T5Config::from_file(options.config_path);
        TextEncoderBenchmarkResult result;
        result.config_layers = config.num_layers;
        config.num_layers = options.layers;
        result.layers = options.layers;
        set_thread_count(options.threads);
        at::globalContext().setFlushDenormal(true);

        torch::NoGradGuard no_grad;
        T5Encoder model(config);
        randomize_weights(*model, 1);
        model->eval();
        for (const auto& p : model->parameters())
            result.parameters_mib += static_cast<double>(p.numel() * p.element_size()) / (1 << 20);

        // A tokenizer-shaped prompt: ordinary pieces, </s>, then padding.
        auto generator = at::make_generator<at::CPUGeneratorImpl>(11);
        auto ids = torch::zeros({1, options.max_length}, torch::kInt64);
        const int64_t n = options.prompt_tokens;
        ids.narrow(1, 0, n - 1).copy_(torch::randint(3, 32000, {1, n - 1}, generator));
        ids[0][n - 1] = 1;
        auto mask = torch::zeros({1, options.max_length}, torch::kInt64);
        mask.narrow(1, 0, n).fill_(1);

        auto time = [&](auto&& encode) {
            const auto start = std::chrono::steady_clock::now();
            auto out = encode();
            return std::make_pair(benchmark::seconds_since(start), out);
        };
        auto real = [&] { return model->encode_real_tokens(ids, mask); };
        auto full = [&] { return model->forward(ids, mask); };
        const auto real_out = time(real).second;  // warm-up round
        const auto full_out = time(full).second;
        result.real_rows_relative_l2 =
            ((real_out.narrow(1, 0, n) - full_out.narrow(1, 0, n)).norm() /
             full_out.narrow(1, 0, n).norm())
                .item<double>();
        for (int i = 0; i < options.repeats; ++i) {
            result.real_token_seconds.push_back(time(real).first);
            result.full_seconds.push_back(time(full).first);
        }
        result.median_real_token_seconds = benchmark::median(result.real_token_seconds);
        result.median_full_seconds = benchmark::median(result.full_seconds);
        result.speedup = result.median_full_seconds / result.median_real_token_seconds;
        result.real_token_gflop = t5_flops(config, static_cast<double>(n)) / 1e9;
        result.full_gflop = t5_flops(config, options.max_length) / 1e9;
        result.peak_rss_mib = process_memory::peak_rss_mib();
        result.threads = at::get_num_threads();
        return result;
    });
}

}  // namespace pixart
