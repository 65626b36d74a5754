// pixart-cli bench — speed at true size with random weights: the denoising step (default), the
// T5 text encoder (--text-encoder) or the whole pipeline (--end-to-end).
#include <cstdio>
#include <iostream>

#include "api/benchmark.h"
#include "api/errors.h"
#include "bench_from_files.h"
#include "command_line.h"
#include "commands.h"

namespace pixart::cli {
namespace {

const char* kUsage =
    "usage: pixart-cli bench [--config TRANSFORMER_CONFIG.json | --model-configs DIR]\n"
    "         [--mode optimised|reference|compare|ablation|allocation|attention] [--reference]\n"
    "         [--compare]\n"
    "         [--width 256] [--height 256] [--steps 3] [--threads N] [--text-tokens 300]\n"
    "         [--prompt-tokens 20] [--negative-tokens 1] [--no-guidance] [--device cpu|cuda]\n"
    "         [--dtype D] [--trace FILE.json] [--json]\n"
    "       pixart-cli bench --text-encoder --model-configs DIR [--t5-layers 2]\n"
    "         [--prompt-tokens 20] [--steps 3] [--threads N] [--json]\n"
    "       pixart-cli bench --end-to-end --model-configs DIR [--variant "
    "PixArt-Sigma-XL-2-1024-MS]\n"
    "         [--tokenizer spiece.model] [--width 512] [--height 512] [--steps 20]\n"
    "         [--t5-layers 2] [--low-memory] [--release-transformer] [--tile-above CELLS]\n"
    "         [--binning] [--strength S] [--threads N] [--device cpu|cuda] [--dtype D] [--json]\n"
    "       pixart-cli bench --lora RANK [--config TRANSFORMER_CONFIG.json | --model-configs DIR]\n"
    "         [--threads N]\n\n"
    "Random weights at true size (configs only, no checkpoints). DIR is laid out like\n"
    "../shared/models/configs (transformer_config_<variant>.json, text_encoder_config.json,\n"
    "vae_config.json, scheduler_config.json).\n\n"
    "Denoising step (default): median s/step of the pipeline's optimised step (text work once\n"
    "per generation, padded text tokens dropped, fused QKV, in-place adds); --mode reference "
    "times\n"
    "diffusers' work (caption projection and cross-attention k/v of all 300 tokens every step);\n"
    "compare runs both interleaved in one process and prints their time ratio; ablation adds each\n"
    "exact optimisation in turn; allocation times the optimised step without and with the CPU\n"
    "buffer cache (large freed buffers kept for reuse). GFLOP/s are counted analytically for\n"
    "the work each variant executes, next to the float32 matmul rate measured in the same run;\n"
    "faults and sys % are the kernel's share of each step (minor page faults, system time).\n"
    "--trace FILE.json writes the ops of each variant's first timed step (FILE.N.json for\n"
    "variant N of several) for chrome://tracing or ui.perfetto.dev.\n"
    "--text-encoder: T5 at true width with --t5-layers layers: a --prompt-tokens prompt on its\n"
    "real tokens vs the full 300-position pass.\n"
    "--end-to-end: prompt -> image with every network built at true size (T5 at --t5-layers\n"
    "depth); seconds, share and peak RSS of each stage. Resolution binning is off unless\n"
    "--binning. --low-memory frees the VAE while denoising and decodes in 384-px tiles\n"
    "above 384x384; --release-transformer frees the transformer before decoding; --tile-above N\n"
    "tiles the decode above N latent cells (default 16384 = 1024x1024). --strength S runs\n"
    "image-to-image from a synthetic picture of that size (the VAE encoder, then the last S x\n"
    "steps): the second half of \"Refine for print\".\n";

std::string transformer_config(const CommandLine& cl) {
    if (cl.has("config")) return *cl.value("config");
    if (cl.has("model-configs")) {
        return *cl.value("model-configs") + "/transformer_config_" +
               cl.value_or("variant", "PixArt-Sigma-XL-2-1024-MS") + ".json";
    }
    throw Error(ErrorKind::InvalidArgument,
                "--config TRANSFORMER_CONFIG.json or --model-configs DIR is required");
}

TransformerBenchmarkMode parse_mode(const CommandLine& cl) {
    if (cl.flag("reference")) return TransformerBenchmarkMode::Reference;
    if (cl.flag("compare")) return TransformerBenchmarkMode::Compare;
    const std::string mode = cl.value_or("mode", "optimised");
    if (mode == "optimised" || mode == "optimized") return TransformerBenchmarkMode::Optimised;
    if (mode == "reference") return TransformerBenchmarkMode::Reference;
    if (mode == "compare") return TransformerBenchmarkMode::Compare;
    if (mode == "ablation") return TransformerBenchmarkMode::Ablation;
    if (mode == "allocation") return TransformerBenchmarkMode::Allocation;
    if (mode == "attention") return TransformerBenchmarkMode::Attention;
    throw Error(
        ErrorKind::InvalidArgument,
        "--mode must be optimised, reference, compare, ablation, allocation or attention, got '" +
            mode + "'");
}

void print_list(const std::vector<double>& values) {
    for (size_t i = 0; i < values.size(); ++i) std::printf("%s%.4f", i ? ", " : "", values[i]);
}

int bench_transformer(const CommandLine& cl) {
    TransformerBenchmarkOptions options;
    options.config_path = transformer_config(cl);
    options.mode = parse_mode(cl);
    options.width = static_cast<int>(cl.integer("width", 256, 16, 8192));
    options.height = static_cast<int>(cl.integer("height", 256, 16, 8192));
    options.steps = static_cast<int>(cl.integer("steps", 3, 1, 1000));
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    options.text_tokens = static_cast<int>(cl.integer("text-tokens", 300, 1, 1024));
    options.prompt_tokens = static_cast<int>(cl.integer("prompt-tokens", 20, 1, 1024));
    options.negative_tokens = static_cast<int>(cl.integer("negative-tokens", 1, 1, 1024));
    options.guidance = !cl.flag("no-guidance");
    options.device = cl.value_or("device", "cpu");
    options.dtype = cl.value_or("dtype", "");
    options.trace_path = cl.value_or("trace", "");
    const auto r = run_transformer_benchmark(options);
    if (cl.flag("json")) {
        std::printf("{\"variants\": [");
        for (size_t i = 0; i < r.variants.size(); ++i) {
            const auto& v = r.variants[i];
            std::printf("%s{\"name\": \"%s\", \"median_step_seconds\": %.6f, \"step_seconds\": [",
                        i ? ", " : "", v.name.c_str(), v.median_step_seconds);
            print_list(v.step_seconds);
            std::printf(
                "], \"step_gflop\": %.3f, \"step_gflops\": %.2f, \"ratio_to_matmul\": %.4f, "
                "\"time_ratio\": %.4f, \"minor_faults\": %.0f, \"system_seconds\": %.4f, "
                "\"system_share\": %.4f, \"trace_file\": \"%s\"}",
                v.step_gflop, v.step_gflops, v.ratio_to_matmul, v.time_ratio, v.median_minor_faults,
                v.system_seconds_per_step, v.system_share, v.trace_file.c_str());
        }
        std::printf(
            "], \"diffusers_step_gflop\": %.3f, \"text_prepare_seconds\": %.6f, "
            "\"text_prepare_gflop\": %.3f, \"matmul_gflops\": %.2f, \"peak_rss_mib\": %.1f, "
            "\"buffer_cache_hits\": %lld, \"buffer_cache_misses\": %lld, "
            "\"buffer_cache_peak_mib\": %.1f, "
            "\"parameters\": %lld, \"image_tokens\": %d, \"batch\": %d, \"text_tokens\": %d, "
            "\"prompt_tokens\": %d, \"negative_tokens\": %d, \"kept_tokens\": %d, \"threads\": %d, "
            "\"blas_threads\": %d, \"device\": \"%s\", \"dtype\": \"%s\", \"flop_formula\": "
            "\"%s\", \"attention\": {\"gflop\": %.3f, \"batched_seconds\": %.6f, "
            "\"blocked_seconds\": %.6f, \"fused_seconds\": %.6f, \"fused_kernel\": \"%s\", "
            "\"avx2_seconds\": %.6f, \"max_difference\": %.3g, "
            "\"fused_max_difference\": %.3g, \"avx2_max_difference\": %.3g, "
            "\"share_of_step\": %.4f, \"fused_share_of_step\": %.4f}}\n",
            r.diffusers_step_gflop, r.text_prepare_seconds, r.text_prepare_gflop, r.matmul_gflops,
            r.peak_rss_mib, r.buffer_cache_hits, r.buffer_cache_misses, r.buffer_cache_peak_mib,
            r.parameters, r.tokens, r.batch, options.text_tokens, options.prompt_tokens,
            options.negative_tokens, r.kept_tokens, r.threads, r.blas_threads, r.device.c_str(),
            r.dtype.c_str(), r.flop_formula.c_str(), r.attention.gflop, r.attention.batched_seconds,
            r.attention.blocked_seconds, r.attention.fused_seconds,
            r.attention.fused_kernel.c_str(), r.attention.avx2_seconds, r.attention.max_difference,
            r.attention.fused_max_difference, r.attention.avx2_max_difference,
            r.attention.share_of_step, r.attention.fused_share_of_step);
        return 0;
    }
    std::printf("transformer: %.1f M parameters, %s %s, %d threads (OpenBLAS: %d)\n",
                r.parameters / 1e6, r.device.c_str(), r.dtype.c_str(), r.threads, r.blas_threads);
    std::printf(
        "step: batch %d x %d image tokens; %d text tokens (prompt %d real, negative %d real; "
        "%d kept)\n",
        r.batch, r.tokens, options.text_tokens, options.prompt_tokens, options.negative_tokens,
        r.kept_tokens);
    std::printf("diffusers' work per step: %.1f GFLOP\n", r.diffusers_step_gflop);
    std::printf("text prepared once per generation: %.3f s, %.2f GFLOP\n", r.text_prepare_seconds,
                r.text_prepare_gflop);
    std::printf("matmul GFLOP/s (same run): %.1f\n\n", r.matmul_gflops);
    std::printf("%-20s %9s %9s %9s %7s %8s %10s %6s  %s\n", "variant", "s/step", "GFLOP", "GFLOP/s",
                "ratio", "vs ref", "faults", "sys %", "steps (s)");
    for (const auto& v : r.variants) {
        std::printf(
            "%-20s %9.3f %9.1f %9.1f %7.2f %8s %10.0f %5.1f%%  ", v.name.c_str(),
            v.median_step_seconds, v.step_gflop, v.step_gflops, v.ratio_to_matmul,
            v.time_ratio > 0 ? (std::to_string(v.time_ratio).substr(0, 5) + "x").c_str() : "-",
            v.median_minor_faults, 100.0 * v.system_share);
        print_list(v.step_seconds);
        std::printf("\n");
    }
    if (options.mode == TransformerBenchmarkMode::Attention && r.attention.blocked_seconds > 0) {
        const auto& a = r.attention;
        std::printf(
            "one self-attention (%.1f GFLOP): batched %.3f s (%.1f GFLOP/s, %.2f of matmul), "
            "blocked %.3f s (%.1f GFLOP/s, %.2f of matmul), %.3fx; max difference %.1e; "
            "self-attention share of the step %.0f%%\n",
            a.gflop, a.batched_seconds, a.batched_gflops, a.batched_gflops / r.matmul_gflops,
            a.blocked_seconds, a.blocked_gflops, a.blocked_gflops / r.matmul_gflops,
            a.blocked_seconds / a.batched_seconds, a.max_difference, 100.0 * a.share_of_step);
        if (a.fused_seconds > 0) {
            std::printf(
                "  fused (%s) %.3f s (%.1f GFLOP/s, %.2f of matmul), %.3fx; max difference "
                "%.1e; its share of the optimised step %.0f%%\n",
                a.fused_kernel.c_str(), a.fused_seconds, a.fused_gflops,
                a.fused_gflops / r.matmul_gflops, a.fused_seconds / a.batched_seconds,
                a.fused_max_difference, 100.0 * a.fused_share_of_step);
        } else {
            std::printf(
                "  fused: not run (neither AVX-512 nor AVX2 on this CPU, or a head size it "
                "lacks)\n");
        }
        if (a.avx2_seconds > 0) {
            std::printf(
                "  fused (AVX2, as CPUs without AVX-512 run it) %.3f s (%.1f GFLOP/s, %.2f of "
                "matmul), %.3fx; max difference %.1e\n",
                a.avx2_seconds, a.avx2_gflops, a.avx2_gflops / r.matmul_gflops,
                a.avx2_seconds / a.batched_seconds, a.avx2_max_difference);
        }
    }
    std::printf(
        "peak RSS: %.0f MiB; buffer cache: %lld reused, %lld allocated, at most %.0f MiB "
        "held\n",
        r.peak_rss_mib, r.buffer_cache_hits, r.buffer_cache_misses, r.buffer_cache_peak_mib);
    for (const auto& v : r.variants)
        if (!v.trace_file.empty())
            std::printf("trace of \"%s\" (its first timed step): %s\n", v.name.c_str(),
                        v.trace_file.c_str());
    return 0;
}

int bench_text_encoder(const CommandLine& cl) {
    if (!cl.has("model-configs") && !cl.has("config"))
        throw Error(ErrorKind::InvalidArgument,
                    "--model-configs DIR (or --config text_encoder_config.json) is required");
    TextEncoderBenchmarkOptions options;
    options.config_path = cl.has("config")
                              ? *cl.value("config")
                              : *cl.value("model-configs") + "/text_encoder_config.json";
    options.layers = static_cast<int>(cl.integer("t5-layers", 2, 1, 64));
    options.prompt_tokens = static_cast<int>(cl.integer("prompt-tokens", 20, 1, 1024));
    options.max_length = static_cast<int>(cl.integer("text-tokens", 300, 2, 1024));
    options.repeats = static_cast<int>(cl.integer("steps", 3, 1, 100));
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    const auto r = run_text_encoder_benchmark(options);
    if (cl.flag("json")) {
        std::printf("{\"real_token_seconds\": [");
        print_list(r.real_token_seconds);
        std::printf("], \"full_seconds\": [");
        print_list(r.full_seconds);
        std::printf(
            "], \"median_real_token_seconds\": %.6f, \"median_full_seconds\": %.6f, "
            "\"speedup\": %.3f, \"real_token_gflop\": %.3f, \"full_gflop\": %.3f, "
            "\"real_rows_relative_l2\": %.3e, \"layers\": %d, \"config_layers\": %d, "
            "\"prompt_tokens\": %d, \"max_length\": %d, \"parameters_mib\": %.1f, "
            "\"peak_rss_mib\": %.1f, \"threads\": %d}\n",
            r.median_real_token_seconds, r.median_full_seconds, r.speedup, r.real_token_gflop,
            r.full_gflop, r.real_rows_relative_l2, r.layers, r.config_layers, options.prompt_tokens,
            options.max_length, r.parameters_mib, r.peak_rss_mib, r.threads);
        return 0;
    }
    std::printf("T5 encoder: %d of %d layers at true width, %.0f MiB float32, %d threads\n",
                r.layers, r.config_layers, r.parameters_mib, r.threads);
    std::printf("real tokens (%d):  %.3f s  (%.1f GFLOP)  [", options.prompt_tokens,
                r.median_real_token_seconds, r.real_token_gflop);
    print_list(r.real_token_seconds);
    std::printf("]\nall %d positions: %.3f s  (%.1f GFLOP)  [", options.max_length,
                r.median_full_seconds, r.full_gflop);
    print_list(r.full_seconds);
    std::printf("]\nspeed-up: %.2fx   (real rows differ by %.2e relative L2)\n", r.speedup,
                r.real_rows_relative_l2);
    std::printf("full depth (%d layers) estimate: %.2f s vs %.2f s\n", r.config_layers,
                r.median_real_token_seconds * r.config_layers / r.layers,
                r.median_full_seconds * r.config_layers / r.layers);
    std::printf("peak RSS: %.0f MiB\n", r.peak_rss_mib);
    return 0;
}

// --lora RANK: apply, switch and remove LoRAs on the true-size transformer.
int bench_lora(const CommandLine& cl) {
    LoraBenchmarkOptions options;
    options.config_path = transformer_config(cl);
    options.rank = static_cast<int>(cl.integer("lora", 16, 1, 1024));
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    const auto r = run_lora_benchmark(options);
    std::printf(
        "LoRA rank %d on %d Linears (%.1f MiB a file), weights held while applied %.0f MiB\n",
        options.rank, r.layers, r.file_bytes / 1048576.0, r.held_bytes / 1048576.0);
    std::printf("first apply (read + check + merge) %.2f s\n", r.first_apply_seconds);
    std::printf("same LoRA again                    %.4f s\n", r.same_set_seconds);
    std::printf("switch to another (restore + merge) %.2f s\n", r.switch_seconds);
    std::printf("back to the base weights           %.2f s\n", r.restore_seconds);
    std::printf("base weights restored bit for bit: %s\n", r.restored_exactly ? "yes" : "NO");
    return r.restored_exactly ? 0 : 1;
}

int bench_end_to_end(const CommandLine& cl) {
    if (!cl.has("model-configs"))
        throw Error(ErrorKind::InvalidArgument, "--end-to-end needs --model-configs DIR");
    PipelineBenchmarkOptions options;
    options.configs_dir = *cl.value("model-configs");
    options.transformer_variant = cl.value_or("variant", options.transformer_variant);
    options.tokenizer_model = cl.value_or("tokenizer", "");
    options.width = static_cast<int>(cl.integer("width", 512, 16, 8192));
    options.height = static_cast<int>(cl.integer("height", 512, 16, 8192));
    options.steps = static_cast<int>(cl.integer("steps", 20, 1, 1000));
    options.text_encoder_layers = static_cast<int>(cl.integer("t5-layers", 2, 0, 64));
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    options.guidance_scale = cl.number("guidance", 4.5, 0.0, 100.0);
    options.prompt = cl.value_or("prompt", options.prompt);
    options.resolution_binning = cl.flag("binning");
    options.low_memory = cl.flag("low-memory");
    options.release_transformer_before_decoding = cl.flag("release-transformer");
    options.tiled_decode_above = static_cast<int>(cl.integer("tile-above", 0, 0, 1 << 24));
    options.device = cl.value_or("device", "cpu");
    options.dtype = cl.value_or("dtype", "");
    options.strength = cl.number("strength", 0.0, 0.0, 1.0);
    const auto r = run_pipeline_benchmark(options);
    if (cl.flag("json")) {
        std::printf("{\"stages\": [");
        for (size_t i = 0; i < r.stages.size(); ++i) {
            const auto& s = r.stages[i];
            std::printf(
                "%s{\"stage\": \"%s\", \"seconds\": %.4f, \"share\": %.4f, "
                "\"peak_rss_mib\": %.1f, \"end_rss_mib\": %.1f}",
                i ? ", " : "", s.stage.c_str(), s.seconds, s.share, s.peak_rss_mib, s.end_rss_mib);
        }
        std::printf(
            "], \"total_seconds\": %.4f, \"peak_rss_mib\": %.1f, "
            "\"peak_rss_after_encoding_mib\": %.1f, \"text_encoder_mib\": %.1f, "
            "\"transformer_mib\": %.1f, \"vae_mib\": %.1f, \"width\": %d, \"height\": %d, "
            "\"steps\": %d, \"threads\": %d, \"text_encoder_layers\": %d, \"decode\": \"%s\"}\n",
            r.total_seconds, r.peak_rss_mib, r.peak_rss_after_encoding_mib, r.text_encoder_mib,
            r.transformer_mib, r.vae_mib, r.generated_width, r.generated_height, r.steps, r.threads,
            r.text_encoder_layers, r.decode.c_str());
        return 0;
    }
    std::printf("%dx%d, %d steps, T5 %d layers (true width), %d threads, %s decode%s\n",
                r.generated_width, r.generated_height, r.steps, r.text_encoder_layers, r.threads,
                r.decode.c_str(), r.low_memory ? ", low memory" : "");
    std::printf("%-22s %9s %7s %13s %12s\n", "stage", "seconds", "share", "peak RSS MiB",
                "RSS at end");
    for (const auto& s : r.stages)
        std::printf("%-22s %9.2f %6.1f%% %13.0f %12.0f\n", s.stage.c_str(), s.seconds,
                    100 * s.share, s.peak_rss_mib, s.end_rss_mib);
    std::printf("prompt -> image: %.2f s\n", r.total_seconds);
    std::printf("weights: T5 %.0f MiB, transformer %.0f MiB, VAE %.0f MiB\n", r.text_encoder_mib,
                r.transformer_mib, r.vae_mib);
    std::printf(
        "peak RSS: %.0f MiB overall, %.0f MiB after encoding (transformer + VAE + 1 GiB "
        "= %.0f MiB)\n",
        r.peak_rss_mib, r.peak_rss_after_encoding_mib, r.transformer_mib + r.vae_mib + 1024.0);
    return 0;
}

}  // namespace

int command_bench(const Args& args) {
    const CommandLine cl(
        args, {"config",      "model-configs", "variant",
               "tokenizer",   "mode",          "width",
               "height",      "steps",         "threads",
               "text-tokens", "prompt-tokens", "negative-tokens",
               "t5-layers",   "tile-above",    "guidance",
               "prompt",      "device",        "dtype",
               "model",       "repeat",        "text-encoder-mode",
               "t5-mode",     "memory-limit",  "prompt-cache",
               "strength",    "lora",          "trace"},
        {"help", "json", "no-guidance", "reference", "compare", "text-encoder", "end-to-end",
         "low-memory", "binning", "release-transformer", "restart", "cold"});
    if (cl.flag("help")) {
        std::cout << kUsage << kBenchFromFilesUsage;
        return 0;
    }
    if (cl.has("model")) {
        return cl.flag("text-encoder") ? bench_text_encoder_files(cl) : bench_model_folder(cl);
    }
    if (cl.flag("text-encoder")) return bench_text_encoder(cl);
    if (cl.flag("end-to-end")) return bench_end_to_end(cl);
    if (cl.has("lora")) return bench_lora(cl);
    return bench_transformer(cl);
}

}  // namespace pixart::cli
