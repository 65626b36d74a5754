#include "bench_from_files.h"

#include <cstdio>

#include "api/benchmark.h"
#include "api/errors.h"
#include "engine_options.h"

namespace pixart::cli {

const char* const kBenchFromFilesUsage =
    "       pixart-cli bench --model DIR [--prompt TEXT]... [--repeat N] [--restart] [--cold]\n"
    "         [--width 256] [--height 256] [--steps 2] [--text-encoder-mode "
    "auto|resident|streamed]\n"
    "         [--low-memory] [--memory-limit SIZE] [--prompt-cache DIR] [--threads N] [--json]\n"
    "       pixart-cli bench --model DIR --text-encoder [--t5-mode both|resident|streamed]\n"
    "         [--prompt TEXT] [--cold] [--steps 3] [--threads N] [--json]\n\n"
    "--model DIR: from the files of a model folder (make_true_size_model writes one at true\n"
    "size): each --prompt is a job through the engine (default: two prompts); per job the\n"
    "memory plan, seconds, share and peak RSS of each stage, T5 bytes read and bytes fetched\n"
    "from disk. --repeat runs the prompts again (the prompt cache serves them; --restart opens\n"
    "a new engine first); --cold evicts the folder from the page cache before starting. The\n"
    "prompt cache is a new empty folder unless --prompt-cache DIR.\n"
    "--model DIR --text-encoder: T5 resident vs streamed from the files on a tokenized prompt,\n"
    "interleaved; --cold evicts T5's files before each streamed encode.\n";

namespace {

void print_stages(const std::vector<PipelineStageTiming>& stages) {
    for (const auto& s : stages)
        std::printf("    %-22s %9.2f s %6.1f%%  peak %6.0f MiB  end %6.0f MiB\n", s.stage.c_str(),
                    s.seconds, 100 * s.share, s.peak_rss_mib, s.end_rss_mib);
}

double gib(long long bytes) { return static_cast<double>(bytes) / (1 << 30); }

}  // namespace

int bench_model_folder(const CommandLine& cl) {
    ModelBenchmarkOptions options;
    options.model = *cl.value("model");
    options.prompts = cl.values("prompt");
    if (options.prompts.empty())
        options.prompts = {"a red fox in fresh snow, golden hour, photograph",
                           "a lighthouse on a cliff at dusk, oil painting"};
    options.repeat = static_cast<int>(cl.integer("repeat", 1, 1, 100));
    options.restart = cl.flag("restart");
    options.cold = cl.flag("cold");
    options.width = static_cast<int>(cl.integer("width", 256, 16, 8192));
    options.height = static_cast<int>(cl.integer("height", 256, 16, 8192));
    options.steps = static_cast<int>(cl.integer("steps", 2, 1, 1000));
    options.guidance_scale = cl.number("guidance", 4.5, 0.0, 100.0);
    options.resolution_binning = cl.flag("binning");
    options.text_encoder_mode = cl.value_or("text-encoder-mode", "auto");
    options.low_memory = cl.flag("low-memory");
    options.prompt_cache_dir = cl.value_or("prompt-cache", "");
    if (cl.has("memory-limit"))
        options.memory_limit_bytes = parse_byte_size("memory-limit", *cl.value("memory-limit"));
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    options.device = cl.value_or("device", "cpu");
    options.dtype = cl.value_or("dtype", "");
    const auto r = run_model_benchmark(options);
    if (cl.flag("json")) {
        std::printf(
            "{\"open_seconds\": %.4f, \"first_image_seconds\": %.4f, \"peak_rss_mib\": %.1f, "
            "\"evicted_bytes\": %lld, \"threads\": %d, \"jobs\": [",
            r.open_seconds, r.first_image_seconds, r.peak_rss_mib, r.evicted_bytes, r.threads);
        for (std::size_t j = 0; j < r.jobs.size(); ++j) {
            const auto& job = r.jobs[j];
            std::printf(
                "%s{\"seconds\": %.4f, \"peak_rss_mib\": %.1f, \"t5_bytes_read\": %lld, "
                "\"storage_bytes_read\": %lld, \"encoded\": %d, \"cache_hits\": %d, \"stages\": [",
                j ? ", " : "", job.seconds, job.peak_rss_mib, job.t5_bytes_read,
                job.storage_bytes_read, job.encoded, job.cache_hits);
            for (std::size_t i = 0; i < job.stages.size(); ++i) {
                const auto& s = job.stages[i];
                std::printf(
                    "%s{\"stage\": \"%s\", \"seconds\": %.4f, \"share\": %.4f, "
                    "\"peak_rss_mib\": %.1f}",
                    i ? ", " : "", s.stage.c_str(), s.seconds, s.share, s.peak_rss_mib);
            }
            std::printf("]}");
        }
        std::printf("]}\n");
        return 0;
    }
    std::printf("%s: %dx%d, %d steps, %d threads%s\n", options.model.c_str(), options.width,
                options.height, options.steps, r.threads,
                options.cold ? (", cold start (" +
                                std::to_string(static_cast<int>(gib(r.evicted_bytes) + 0.5)) +
                                " GiB evicted from the page cache)")
                                   .c_str()
                             : "");
    std::printf("engine open: %.2f s; first image after %.2f s\n", r.open_seconds,
                r.first_image_seconds);
    for (std::size_t j = 0; j < r.jobs.size(); ++j) {
        const auto& job = r.jobs[j];
        std::printf(
            "job %zu \"%s\": %.2f s, peak RSS %.0f MiB; T5: %d encoded, %d from the cache, "
            "%.2f GiB of weights read; %.2f GiB fetched from disk\n",
            j + 1, job.prompt.c_str(), job.seconds, job.peak_rss_mib, job.encoded, job.cache_hits,
            gib(job.t5_bytes_read), gib(job.storage_bytes_read));
        std::printf("    plan: %s\n", job.plan.c_str());
        print_stages(job.stages);
    }
    std::printf("peak RSS of the run: %.0f MiB\n", r.peak_rss_mib);
    return 0;
}

int bench_text_encoder_files(const CommandLine& cl) {
    TextEncoderFileBenchmarkOptions options;
    options.model = *cl.value("model");
    options.prompt = cl.value_or("prompt", options.prompt);
    const std::string mode = cl.value_or("t5-mode", "both");
    if (mode != "both" && mode != "resident" && mode != "streamed")
        throw Error(ErrorKind::InvalidArgument, "--t5-mode must be both, resident or streamed");
    options.resident = mode != "streamed";
    options.streamed = mode != "resident";
    options.cold = cl.flag("cold");
    options.repeats = static_cast<int>(cl.integer("steps", 3, 1, 100));
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    const auto r = run_text_encoder_file_benchmark(options);
    if (cl.flag("json")) {
        std::printf(
            "{\"prompt_tokens\": %d, \"layers\": %d, \"resident_load_seconds\": %.4f, "
            "\"median_resident_seconds\": %.4f, \"median_streamed_seconds\": %.4f, "
            "\"streamed_to_resident\": %.4f, \"streamed_bytes_per_encode\": %lld, "
            "\"storage_bytes_per_encode\": %lld, \"streamed_peak_rss_mib\": %.1f, "
            "\"resident_peak_rss_mib\": %.1f, \"bit_identical\": %s, "
            "\"checkpoint_bytes\": %lld, \"threads\": %d}\n",
            r.prompt_tokens, r.layers, r.resident_load_seconds, r.median_resident_seconds,
            r.median_streamed_seconds, r.streamed_to_resident, r.streamed_bytes_per_encode,
            r.storage_bytes_per_encode, r.streamed_peak_rss_mib, r.resident_peak_rss_mib,
            r.bit_identical ? "true" : "false", r.checkpoint_bytes, r.threads);
        return 0;
    }
    auto list = [](const std::vector<double>& v) {
        std::string text;
        for (std::size_t i = 0; i < v.size(); ++i)
            text += (i ? ", " : "") + std::to_string(v[i]).substr(0, 6);
        return text;
    };
    std::printf(
        "T5 from %s/text_encoder: %d layers, %.2f GiB on disk, %d-token prompt, %d threads%s\n",
        options.model.c_str(), r.layers, gib(r.checkpoint_bytes), r.prompt_tokens, r.threads,
        options.cold ? ", page cache evicted before each streamed encode" : "");
    if (options.streamed) {
        std::printf(
            "streamed: %.3f s [%s]; %.2f GiB of weights per encode, %.2f GiB fetched from "
            "disk; peak RSS %.0f MiB\n",
            r.median_streamed_seconds, list(r.streamed_seconds).c_str(),
            gib(r.streamed_bytes_per_encode), gib(r.storage_bytes_per_encode),
            r.streamed_peak_rss_mib);
    }
    if (options.resident) {
        std::printf("resident: %.3f s [%s]; loading took %.2f s; peak RSS %.0f MiB\n",
                    r.median_resident_seconds, list(r.resident_seconds).c_str(),
                    r.resident_load_seconds, r.resident_peak_rss_mib);
    }
    if (options.streamed && options.resident) {
        std::printf("streamed / resident: %.2fx; outputs %s\n", r.streamed_to_resident,
                    r.bit_identical ? "bit-identical" : "DIFFER");
    }
    return 0;
}

}  // namespace pixart::cli
