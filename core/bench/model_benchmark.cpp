// `pixart-cli bench --model DIR`: jobs through the engine from a model folder on disk, as a user
// runs them — the memory plan, seconds and peak RSS per stage, and what T5 read.
#include <chrono>
#include <filesystem>
#include <random>

#include "api/benchmark.h"
#include "api/engine.h"
#include "api/errors.h"
#include "api/runtime.h"
#include "benchmark_support.h"
#include "memory/process_memory.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

// A fresh folder for the prompt cache, so each prompt's first job is a miss.
std::string fresh_cache_folder() {
    std::random_device random;
    const auto dir = fs::temp_directory_path() / ("pixart-bench-cache-" + std::to_string(random()));
    fs::create_directories(dir);
    return dir.string();
}

class StageClock {
  public:
    explicit StageClock(std::vector<PipelineStageTiming>& stages) : stages_(stages) { start(); }
    void start() {
        last_ = std::chrono::steady_clock::now();
        process_memory::reset_peak();
    }
    void close() {
        if (stages_.empty()) return;
        auto& s = stages_.back();
        s.seconds += benchmark::seconds_since(last_);
        s.peak_rss_mib = std::max(s.peak_rss_mib, process_memory::peak_rss_mib());
        s.end_rss_mib = process_memory::current_rss_mib();
        start();
    }
    void enter(const std::string& name) {
        close();
        stages_.push_back({name, 0.0, 0.0, 0.0, 0.0});
    }

  private:
    std::vector<PipelineStageTiming>& stages_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace

ModelBenchmarkResult run_model_benchmark(const ModelBenchmarkOptions& options) {
    if (options.prompts.empty()) throw Error(ErrorKind::InvalidArgument, "no prompts to run");
    if (options.repeat < 1 || options.repeat > 100)
        throw Error(ErrorKind::InvalidArgument, "--repeat must be 1..100");
    ModelBenchmarkResult result;
    EngineOptions engine_options;
    engine_options.device = options.device;
    engine_options.dtype = options.dtype;
    engine_options.threads = options.threads;
    engine_options.preview_interval = 0;
    engine_options.low_memory = options.low_memory;
    engine_options.text_encoder_mode = parse_text_encoder_mode(options.text_encoder_mode);
    engine_options.memory_limit_bytes = options.memory_limit_bytes;
    engine_options.prompt_cache_dir =
        options.prompt_cache_dir.empty() ? fresh_cache_folder() : options.prompt_cache_dir;
    result.prompt_cache = engine_options.prompt_cache_dir;
    if (options.cold) result.evicted_bytes = process_memory::evict_from_page_cache(options.model);

    const auto started = std::chrono::steady_clock::now();
    auto engine = Engine::open(options.model, engine_options);
    result.open_seconds = benchmark::seconds_since(started);
    for (int round = 0; round < options.repeat; ++round) {
        if (round > 0 && options.restart) engine = Engine::open(options.model, engine_options);
        for (const auto& prompt : options.prompts) {
            GenerationRequest request;
            request.prompts = {prompt};
            request.width = options.width;
            request.height = options.height;
            request.steps = options.steps;
            request.guidance_scale = options.guidance_scale;
            request.resolution_binning = options.resolution_binning;
            ModelBenchmarkJob job;
            job.prompt = prompt;
            StageClock clock(job.stages);
            GenerationCallbacks callbacks;
            callbacks.on_plan = [&](const MemoryPlanInfo& plan) { job.plan = plan.summary; };
            callbacks.on_stage = [&](Stage stage) { clock.enter(stage_name(stage)); };
            const auto before = engine->text_encoder_stats();
            const long long disk_before = process_memory::storage_bytes_read();
            const auto job_started = std::chrono::steady_clock::now();
            engine->generate(request, callbacks);
            clock.close();
            job.seconds = benchmark::seconds_since(job_started);
            if (result.jobs.empty()) result.first_image_seconds = benchmark::seconds_since(started);
            const auto after = engine->text_encoder_stats();
            job.t5_bytes_read = after.bytes_read - before.bytes_read;
            job.storage_bytes_read = process_memory::storage_bytes_read() - disk_before;
            job.encoded = after.encoded - before.encoded;
            job.cache_hits = (after.memory_cache_hits + after.disk_cache_hits) -
                             (before.memory_cache_hits + before.disk_cache_hits);
            for (auto& s : job.stages) {
                s.share = s.seconds / job.seconds;
                job.peak_rss_mib = std::max(job.peak_rss_mib, s.peak_rss_mib);
            }
            result.peak_rss_mib = std::max(result.peak_rss_mib, job.peak_rss_mib);
            result.jobs.push_back(std::move(job));
        }
    }
    result.threads = runtime_info().threads;
    if (options.prompt_cache_dir.empty()) {
        std::error_code ec;
        fs::remove_all(result.prompt_cache, ec);
    }
    return result;
}

}  // namespace pixart
