// `pixart-cli bench` (transformer): the denoising step at true size with random weights.
#include <sys/resource.h>
#include <torch/csrc/autograd/profiler_legacy.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>

#include "api/benchmark.h"
#include "api/errors.h"
#include "api/runtime.h"
#include "benchmark_support.h"
#include "config/transformer_config.h"
#include "memory/cpu_buffer_cache.h"
#include "memory/process_memory.h"
#include "models/cpu_attention/blocked_attention.h"
#include "models/cpu_attention/fused_attention.h"
#include "models/torch_compat.h"
#include "models/transformer/pixart_transformer_2d.h"
#include "pipeline/engine_internals.h"
#include "pipeline/pipeline_options.h"
#include "pipeline/random_weights.h"

namespace pixart {
namespace {

// "dir/trace.json", 2 -> "dir/trace.2.json" (no extension: "trace.2").
std::string numbered_path(const std::string& path, int number) {
    const std::filesystem::path p(path);
    return (p.parent_path() /
            (p.stem().string() + "." + std::to_string(number) + p.extension().string()))
        .string();
}

// Analytical FLOPs (a multiply-add counts 2) of one transformer forward, per sample, for N image
// tokens, D = inner dim, C = caption channels, p = patch size:
//   per block: self-attention q,k,v,out 8·N·D² + scores and values 4·N²·D
//              cross-attention q,out 4·N·D² + scores and values 4·N·Lk·D (Lk keys attended)
//              + k,v of the text 4·Lp·D² (Lp text tokens projected in this call)
//              feed-forward (4·D hidden) 16·N·D²
//   caption projection 2·Lp·C·D + 2·Lp·D²; patch embed 2·N·D·c_in·p²; proj_out 2·N·D·p²·c_out;
//   timestep embedding + adaLN 2·D·(256 + D + 6·D).
// diffusers projects and attends all L = 300 tokens every step (Lp = Lk = L); the optimised step
// projects nothing (Lp = 0: done once by prepare_text) and attends the kept tokens (Lk = L').
// A sample whose text attends one key (`one_key` of the batch, TextConditioning::one_key) runs no
// cross-attention q, scores or values and projects one output row: 2·D² instead of
// 4·N·D² + 4·N·Lk·D per block.
double step_flops(const TransformerConfig& c, double n, double projected, double keys, double batch,
                  double one_key = 0) {
    const double d = c.inner_dim(), p2 = static_cast<double>(c.patch_size) * c.patch_size;
    const double block = 28 * n * d * d + 4 * n * n * d + 4 * n * keys * d + 4 * projected * d * d;
    const double caption = 2 * projected * c.caption_channels * d + 2 * projected * d * d;
    const double io = 2 * n * d * c.in_channels * p2 + 2 * n * d * p2 * c.out_channels;
    const double time = 2 * d * (256 + d + 6 * d);
    const double one_key_saving = 4 * n * d * d + 4 * n * keys * d - 2 * d * d;
    return batch * (c.num_layers * block + caption + io + time) -
           one_key * c.num_layers * one_key_saving;
}

// prepare_text: caption projection and every block's cross-attention k, v of the kept tokens.
double text_prepare_flops(const TransformerConfig& c, double kept, double batch) {
    const double d = c.inner_dim();
    return batch *
           (2 * kept * c.caption_channels * d + 2 * kept * d * d + c.num_layers * 4 * kept * d * d);
}

const char* kFlopFormula =
    "per sample and step: layers*(28*N*D^2 + 4*N^2*D + 4*N*Lk*D + 4*Lp*D^2) + 2*Lp*C*D + "
    "2*Lp*D^2 + 2*N*D*p^2*(c_in + c_out) + 2*D*(256 + 7*D); N image tokens, D hidden, C caption "
    "channels, Lk text keys attended, Lp text tokens projected this step (diffusers: Lk = Lp = "
    "300; optimised: Lp = 0, Lk = kept tokens, the projection once per generation: "
    "2*Lk*C*D + 2*Lk*D^2 + layers*4*Lk*D^2); a sample whose text attends one key: "
    "layers*(4*N*D^2 + 4*N*Lk*D - 2*D^2) less";

struct Variant {
    std::string name;
    std::string description;
    PixArtTransformer2DModelImpl::Optimizations optimizations;
    bool text_per_step;  // diffusers: caption projection + cross k/v inside every step
    bool drop_padding;
    bool buffer_cache = true;  // large freed buffers kept for the next step (CpuBufferCache)
};

// One self-attention of the step alone, the batched, blocked and fused ways (each fused kernel
// the CPU runs), interleaved.
AttentionTiming time_self_attention(const TransformerConfig& config, int64_t batch, int64_t tokens,
                                    int repeats, const torch::TensorOptions& tensor_options) {
    const int64_t heads = config.num_attention_heads, dim = config.attention_head_dim;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(11);
    const auto q = torch::randn({batch, heads, tokens, dim}, generator).to(tensor_options);
    const auto k = torch::randn({batch, heads, tokens, dim}, generator).to(tensor_options);
    const auto v = torch::randn({batch, heads, tokens, dim}, generator).to(tensor_options);
    const double scale = 1.0 / std::sqrt(static_cast<double>(dim));
    const auto batched = [&] {
        // As AttentionImpl's chunked path with its default 256 MiB score budget.
        const int64_t chunk =
            std::max<int64_t>(1, (int64_t{256} << 20) / (batch * heads * tokens * 4));
        std::vector<torch::Tensor> parts;
        for (int64_t start = 0; start < tokens; start += chunk)
            parts.push_back(compat::scaled_dot_product_attention(
                q.narrow(2, start, std::min(chunk, tokens - start)), k, v, {}));
        return torch::cat(parts, 2);
    };
    const auto blocked = [&] {
        return blocked_attention(q, k, v, {}, scale,
                                 attention_block_bytes(int64_t{256} << 20, at::get_num_threads()));
    };
    using cpu_attention::AttentionKernel;
    const bool fused_runs = fused_attention_applies(q, k, v, {});
    const auto fused = [&] { return fused_attention(q, k, v, {}, scale); };
    // On an AVX-512 CPU, the AVX2 kernel as well: what most desktop CPUs run.
    const bool avx2_runs = fused_runs &&
                           cpu_attention::best_attention_kernel() == AttentionKernel::Avx512 &&
                           cpu_attention::attention_kernel_available(AttentionKernel::Avx2);
    const auto avx2 = [&] { return fused_attention(AttentionKernel::Avx2, q, k, v, {}, scale); };
    AttentionTiming t;
    t.gflop = 4.0 * static_cast<double>(batch * heads * dim) * static_cast<double>(tokens) *
              static_cast<double>(tokens) / 1e9;
    if (!blocked_attention_applies(q)) return t;  // the GPU runs its own fused kernel
    const auto expected = batched();              // also the warm-ups
    t.max_difference = (expected - blocked()).abs().max().item<double>();
    if (fused_runs) {
        t.fused_kernel =
            cpu_attention::attention_kernel_name(*cpu_attention::best_attention_kernel());
        t.fused_max_difference = (expected - fused()).abs().max().item<double>();
    }
    if (avx2_runs) t.avx2_max_difference = (expected - avx2()).abs().max().item<double>();
    std::vector<double> batched_seconds, blocked_seconds, fused_seconds, avx2_seconds;
    const auto timed = [](const auto& run, std::vector<double>& seconds) {
        const auto start = std::chrono::steady_clock::now();
        run();
        seconds.push_back(benchmark::seconds_since(start));
    };
    for (int i = 0; i < std::max(3, repeats); ++i) {
        timed(batched, batched_seconds);
        timed(blocked, blocked_seconds);
        if (fused_runs) timed(fused, fused_seconds);
        if (avx2_runs) timed(avx2, avx2_seconds);
    }
    t.batched_seconds = benchmark::median(batched_seconds);
    t.blocked_seconds = benchmark::median(blocked_seconds);
    t.batched_gflops = t.gflop / t.batched_seconds;
    t.blocked_gflops = t.gflop / t.blocked_seconds;
    if (fused_runs) {
        t.fused_seconds = benchmark::median(fused_seconds);
        t.fused_gflops = t.gflop / t.fused_seconds;
    }
    if (avx2_runs) {
        t.avx2_seconds = benchmark::median(avx2_seconds);
        t.avx2_gflops = t.gflop / t.avx2_seconds;
    }
    return t;
}

std::vector<Variant> variants_for(TransformerBenchmarkMode mode) {
    // diffusers' arithmetic and layout; each ablation step below switches one thing on.
    PixArtTransformer2DModelImpl::Optimizations plain;
    plain.fused_qkv = false;
    plain.in_place = false;
    plain.cpu_attention = CpuAttention::Batched;
    plain.one_key_rows = false;
    plain.row_major_tokens = false;
    plain.vector_gelu = false;
    auto with_fused_qkv = plain;
    with_fused_qkv.fused_qkv = true;
    auto with_in_place = with_fused_qkv;
    with_in_place.in_place = true;
    auto with_row_major = with_in_place;
    with_row_major.row_major_tokens = true;
    auto with_fused_attention = with_row_major;
    with_fused_attention.cpu_attention = CpuAttention::Fused;
    auto with_vector_gelu = with_fused_attention;
    with_vector_gelu.vector_gelu = true;
    const PixArtTransformer2DModelImpl::Optimizations all;  // the pipeline's: every one on

    const Variant reference{"reference",
                            "diffusers' work: caption projection and cross-attention k/v of all "
                            "text tokens inside every step, 3 q/k/v matmuls, out-of-place adds, "
                            "batched attention",
                            plain, true, false};
    const Variant text_once{"text once", "caption projection and cross k/v once per generation",
                            plain, false, false};
    const Variant drop{"+ padding dropped",
                       "text tokens padded in every row left out of cross-attention", plain, false,
                       true};
    const Variant fused{"+ fused QKV", "self-attention q, k, v in one matmul", with_fused_qkv,
                        false, true};
    const Variant in_place{"+ in place", "in-place modulation and residual adds", with_in_place,
                           false, true};
    const Variant row_major{"+ row-major tokens",
                            "the residual stream laid out row-major (diffusers': channel-major)",
                            with_row_major, false, true};
    const Variant fused_attention{"+ fused attention",
                                  "the fused attention kernel where the CPU has AVX-512 or AVX2",
                                  with_fused_attention, false, true};
    const Variant vector_gelu{"+ vector GELU",
                              "the feed-forward's tanh GELU by the core's AVX-512 / AVX2 kernel",
                              with_vector_gelu, false, true};
    const Variant optimised{"optimised",
                            "text once, padding dropped, fused QKV, in place, row-major tokens, "
                            "fused attention, vector GELU, one-key text rows' cross-attention as "
                            "their value (the pipeline's step)",
                            all, false, true};
    switch (mode) {
        case TransformerBenchmarkMode::Optimised:
            return {optimised};
        case TransformerBenchmarkMode::Reference:
            return {reference};
        case TransformerBenchmarkMode::Compare:
            return {reference, optimised};
        case TransformerBenchmarkMode::Ablation:
            return {reference, text_once,       drop,        fused,    in_place,
                    row_major, fused_attention, vector_gelu, optimised};
        case TransformerBenchmarkMode::Attention: {
            Variant batched_step = optimised;
            batched_step.name = "batched attention";
            batched_step.description = "the pipeline's step with diffusers' batched attention";
            batched_step.optimizations.cpu_attention = CpuAttention::Batched;
            return {batched_step, optimised};
        }
        case TransformerBenchmarkMode::Allocation: {
            Variant uncached = optimised;
            uncached.name = "no buffer cache";
            uncached.description =
                "the optimised step with every large buffer mapped and freed again (before)";
            uncached.buffer_cache = false;
            return {uncached, optimised};
        }
    }
    return {optimised};
}

}  // namespace

TransformerBenchmarkResult run_transformer_benchmark(const TransformerBenchmarkOptions& options) {
    return guard_torch_errors([&] {
        if (options.steps < 1 || options.steps > 1000)
            throw Error(ErrorKind::InvalidArgument, "--steps must be 1..1000");
        if (options.prompt_tokens < 1 || options.prompt_tokens > options.text_tokens ||
            options.negative_tokens < 1 || options.negative_tokens > options.text_tokens) {
            throw Error(ErrorKind::InvalidArgument,
                        "--prompt-tokens and --negative-tokens must be 1..text tokens");
        }
        const auto config = TransformerConfig::from_file(options.config_path);
        EngineOptions engine_options;
        engine_options.device = options.device;
        engine_options.dtype = options.dtype;
        const auto pipeline_options = PipelineOptions::from_engine_options(engine_options);
        set_thread_count(options.threads);
        at::globalContext().setFlushDenormal(true);
        memory::CpuBufferCache::install();  // as Engine::open does
        const int factor = 8 * config.patch_size;
        if (options.width <= 0 || options.height <= 0 || options.width % factor ||
            options.height % factor) {
            throw Error(ErrorKind::InvalidArgument,
                        "width and height must be positive multiples of " + std::to_string(factor));
        }
        const auto& device = pipeline_options.device;

        torch::NoGradGuard no_grad;
        PixArtTransformer2DModel model(config);
        randomize_weights(*model, 2);
        model->to(device, pipeline_options.dtype);
        model->eval();

        const int64_t batch = options.guidance ? 2 : 1;
        const int64_t h = options.height / 8, w = options.width / 8;
        auto tensor_options = torch::TensorOptions().device(device).dtype(pipeline_options.dtype);
        auto generator = at::make_generator<at::CPUGeneratorImpl>(7);
        auto latents =
            torch::randn({batch, config.in_channels, h, w}, generator).to(tensor_options);
        auto text = torch::randn({batch, options.text_tokens, config.caption_channels}, generator)
                        .to(tensor_options);
        // Right-padded masks like the tokenizer's: [negative; positive] under CFG.
        auto mask = torch::zeros({batch, options.text_tokens}, torch::kInt64);
        mask[batch - 1].narrow(0, 0, options.prompt_tokens).fill_(1);
        if (batch == 2) mask[0].narrow(0, 0, options.negative_tokens).fill_(1);
        mask = mask.to(device);
        auto timestep = torch::full({batch}, 999, torch::TensorOptions().dtype(torch::kInt64));
        timestep = timestep.to(device);

        TransformerBenchmarkResult result;
        result.matmul_gflops = benchmark::matmul_gflops(device, pipeline_options.dtype);

        const auto variants = variants_for(options.mode);
        // The text conditioning the step-only variants reuse (made once, like the pipeline).
        const auto full_text = model->prepare_text(text, mask, /*drop_padding=*/false);
        std::vector<double> prepare_seconds;
        TextConditioning kept_text;
        for (int i = 0; i < 3; ++i) {
            const auto start = std::chrono::steady_clock::now();
            kept_text = model->prepare_text(text, mask, /*drop_padding=*/true);
            benchmark::synchronize(device);
            prepare_seconds.push_back(benchmark::seconds_since(start));
        }
        result.text_prepare_seconds = benchmark::median(prepare_seconds);
        const int64_t kept = options.text_tokens - kept_text.dropped_tokens;

        struct Usage {
            double user = 0, system = 0;
            long long minor_faults = 0;
        };
        const auto usage = [] {
            rusage u{};
            ::getrusage(RUSAGE_SELF, &u);
            const auto secs = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
            return Usage{secs(u.ru_utime), secs(u.ru_stime), u.ru_minflt};
        };
        std::vector<std::vector<double>> faults(variants.size()), system(variants.size()),
            cpu(variants.size());
        auto run_step = [&](const Variant& v) {
            model->set_optimizations(v.optimizations);
            memory::CpuBufferCache::set_suspended(!v.buffer_cache);
            const auto start = std::chrono::steady_clock::now();
            if (v.text_per_step) {
                model->forward(latents, text, mask, timestep);
            } else {
                model->forward(latents, v.drop_padding ? kept_text : full_text, timestep);
            }
            benchmark::synchronize(device);
            return benchmark::seconds_since(start);
        };
        std::vector<std::string> trace_files(variants.size());
        if (!options.trace_path.empty()) {
            for (size_t k = 0; k < variants.size(); ++k)
                trace_files[k] = variants.size() == 1
                                     ? options.trace_path
                                     : numbered_path(options.trace_path, static_cast<int>(k + 1));
        }
        const memory::CpuBufferCache::Reuse reuse;   // as the pipeline's denoising loop
        for (const auto& v : variants) run_step(v);  // warm-up: allocator, caches, pos-embed
        std::vector<std::vector<double>> seconds(variants.size());
        for (int i = 0; i < options.steps; ++i) {
            for (size_t k = 0; k < variants.size(); ++k) {
                const Usage before = usage();
                std::optional<torch::autograd::profiler::RecordProfile> trace;
                if (i == 0 && !trace_files[k].empty()) trace.emplace(trace_files[k]);
                seconds[k].push_back(run_step(variants[k]));
                trace.reset();  // writes the file
                const Usage after = usage();
                faults[k].push_back(static_cast<double>(after.minor_faults - before.minor_faults));
                system[k].push_back(after.system - before.system);
                cpu[k].push_back(after.user + after.system - before.user - before.system);
            }
        }
        model->set_optimizations({});
        memory::CpuBufferCache::set_suspended(false);
        const auto cache = memory::CpuBufferCache::stats();
        result.buffer_cache_hits = cache.hits;
        result.buffer_cache_misses = cache.misses;
        result.buffer_cache_peak_mib = static_cast<double>(cache.peak_cached_bytes) / (1 << 20);
        // The matmul rate again after the steps: the best of both, so load spikes count less.
        result.matmul_gflops = std::max(result.matmul_gflops,
                                        benchmark::matmul_gflops(device, pipeline_options.dtype));

        result.tokens = static_cast<int>((h / config.patch_size) * (w / config.patch_size));
        result.kept_tokens = static_cast<int>(kept);
        result.batch = static_cast<int>(batch);
        const double n = result.tokens, l = options.text_tokens;
        result.diffusers_step_gflop = step_flops(config, n, l, l, batch) / 1e9;
        result.text_prepare_gflop = text_prepare_flops(config, kept, batch) / 1e9;
        result.flop_formula = kFlopFormula;
        double reference_median = 0.0;
        for (size_t k = 0; k < variants.size(); ++k) {
            const auto& v = variants[k];
            TransformerStepTiming t;
            t.name = v.name;
            t.description = v.description;
            t.step_seconds = seconds[k];
            t.median_step_seconds = benchmark::median(seconds[k]);
            t.trace_file = trace_files[k];
            const double keys = v.drop_padding ? kept : l;
            double one_key = 0;  // samples whose cross-attention is their one key's value
            if (v.drop_padding && v.optimizations.one_key_rows) {
                for (const int64_t key : kept_text.one_key) one_key += key >= 0 ? 1 : 0;
            }
            t.step_gflop =
                step_flops(config, n, v.text_per_step ? l : 0.0, keys, batch, one_key) / 1e9;
            t.step_gflops = t.step_gflop / t.median_step_seconds;
            t.ratio_to_matmul = t.step_gflops / result.matmul_gflops;
            t.median_minor_faults = benchmark::median(faults[k]);
            double system_total = 0, cpu_total = 0;
            for (size_t i = 0; i < system[k].size(); ++i) {
                system_total += system[k][i];
                cpu_total += cpu[k][i];
            }
            t.system_seconds_per_step = system_total / static_cast<double>(system[k].size());
            t.system_share = cpu_total > 0 ? system_total / cpu_total : 0.0;
            // The baseline: diffusers' work, the uncached step when comparing allocation, the
            // batched attention (the pipeline's) when comparing attention.
            if (v.text_per_step || (!v.buffer_cache && reference_median == 0.0) ||
                (options.mode == TransformerBenchmarkMode::Attention && reference_median == 0.0))
                reference_median = t.median_step_seconds;
            result.variants.push_back(t);
        }
        for (auto& t : result.variants)
            t.time_ratio = reference_median > 0 ? t.median_step_seconds / reference_median : 0.0;
        if (options.mode == TransformerBenchmarkMode::Attention) {
            result.attention =
                time_self_attention(config, batch, result.tokens, options.steps, tensor_options);
            const double layers = static_cast<double>(config.num_layers);
            result.attention.share_of_step = layers * result.attention.batched_seconds /
                                             result.variants.front().median_step_seconds;
            result.attention.fused_share_of_step = layers * result.attention.fused_seconds /
                                                   result.variants.back().median_step_seconds;
        }
        for (const auto& p : model->parameters()) result.parameters += p.numel();
        result.peak_rss_mib = process_memory::peak_rss_mib();
        result.threads = at::get_num_threads();
        result.blas_threads = runtime_info().blas_threads;
        result.device = device.str();
        result.dtype = c10::toString(pipeline_options.dtype);
        return result;
    });
}

}  // namespace pixart
