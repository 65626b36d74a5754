// pixart-cli bench — seconds per denoising step at true size with random weights.
#include <cstdio>
#include <iostream>

#include "api/benchmark.h"
#include "api/errors.h"
#include "command_line.h"
#include "commands.h"

namespace pixart::cli {

int command_bench(const Args& args) {
    const CommandLine cl(args, {"config", "width", "height", "steps", "threads", "text-tokens", "prompt-tokens", "device", "dtype"},
                         {"help", "json", "no-guidance"});
    if (cl.flag("help")) {
        std::cout << "usage: pixart-cli bench --config TRANSFORMER_CONFIG.json [--width 256] [--height 256]\n"
                     "         [--steps 3] [--threads N] [--text-tokens 300] [--prompt-tokens 300]\n"
                     "         [--no-guidance] [--device cpu|cuda] [--dtype D] [--json]\n\n"
                     "Builds the transformer with random weights and times denoising steps as the pipeline\n"
                     "runs them (CFG batch 2, 300 text tokens). Prints the median s/step, the step's GFLOP/s\n"
                     "(counted analytically), the matmul GFLOP/s of this machine in the same run, their\n"
                     "ratio, and the peak RSS.\n";
        return 0;
    }
    if (!cl.has("config")) throw Error(ErrorKind::InvalidArgument, "--config TRANSFORMER_CONFIG.json is required");
    TransformerBenchmarkOptions options;
    options.config_path = *cl.value("config");
    options.width = static_cast<int>(cl.integer("width", 256, 16, 8192));
    options.height = static_cast<int>(cl.integer("height", 256, 16, 8192));
    options.steps = static_cast<int>(cl.integer("steps", 3, 1, 1000));
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    options.text_tokens = static_cast<int>(cl.integer("text-tokens", 300, 1, 1024));
    options.prompt_tokens = static_cast<int>(cl.integer("prompt-tokens", options.text_tokens, 1, 1024));
    options.guidance = !cl.flag("no-guidance");
    options.device = cl.value_or("device", "cpu");
    options.dtype = cl.value_or("dtype", "");
    const auto r = run_transformer_benchmark(options);
    if (cl.flag("json")) {
        std::printf("{\"median_step_seconds\": %.6f, \"step_seconds\": [", r.median_step_seconds);
        for (size_t i = 0; i < r.step_seconds.size(); ++i) std::printf("%s%.6f", i ? ", " : "", r.step_seconds[i]);
        std::printf("], \"step_gflop\": %.3f, \"step_gflops\": %.2f, \"matmul_gflops\": %.2f, \"ratio\": %.4f, "
                    "\"peak_rss_mib\": %.1f, \"parameters\": %lld, \"image_tokens\": %d, \"batch\": %d, "
                    "\"text_tokens\": %d, \"prompt_tokens\": %d, \"threads\": %d, \"device\": \"%s\", \"dtype\": \"%s\"}\n",
                    r.step_gflop, r.step_gflops, r.matmul_gflops, r.ratio, r.peak_rss_mib, r.parameters, r.tokens,
                    r.batch, options.text_tokens, options.prompt_tokens, r.threads, r.device.c_str(), r.dtype.c_str());
    } else {
        std::printf("transformer: %.1f M parameters, %s %s, %d threads\n", r.parameters / 1e6, r.device.c_str(),
                    r.dtype.c_str(), r.threads);
        std::printf("step: batch %d x %d image tokens, %d text tokens (%d real)\n", r.batch, r.tokens,
                    options.text_tokens, options.prompt_tokens);
        std::printf("median s/step:   %.3f  (", r.median_step_seconds);
        for (size_t i = 0; i < r.step_seconds.size(); ++i) std::printf("%s%.3f", i ? " " : "", r.step_seconds[i]);
        std::printf(")\nstep GFLOP:      %.1f\nstep GFLOP/s:    %.1f\nmatmul GFLOP/s:  %.1f\nratio:           %.2f\n"
                    "peak RSS:        %.0f MiB\n",
                    r.step_gflop, r.step_gflops, r.matmul_gflops, r.ratio, r.peak_rss_mib);
    }
    return 0;
}

}  // namespace pixart::cli
