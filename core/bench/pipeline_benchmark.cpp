// `pixart-cli bench --end-to-end`: prompt → image with random weights at true size, seconds and
// peak RSS per stage.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include "api/benchmark.h"
#include "api/errors.h"
#include "api/runtime.h"
#include "benchmark_support.h"
#include "memory/cpu_buffer_cache.h"
#include "memory/process_memory.h"
#include "pipeline/engine_internals.h"
#include "pipeline/model_components.h"
#include "pipeline/model_configs.h"
#include "pipeline/pixart_sigma_pipeline.h"

namespace pixart {
namespace {

double mib(std::int64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

std::string default_tokenizer(const std::string& configs_dir) {
    return (std::filesystem::path(configs_dir) / ".." / "tiny-pixart-sigma" / "tokenizer" /
            "spiece.model")
        .lexically_normal()
        .string();
}

}  // namespace

PipelineBenchmarkResult run_pipeline_benchmark(const PipelineBenchmarkOptions& options) {
    return guard_torch_errors([&] {
        const std::string tokenizer = options.tokenizer_model.empty()
                                          ? default_tokenizer(options.configs_dir)
                                          : options.tokenizer_model;
        const auto configs = ModelConfigs::from_config_folder(
            options.configs_dir, options.transformer_variant, tokenizer);
        EngineOptions engine_options;
        engine_options.device = options.device;
        engine_options.dtype = options.dtype;
        auto pipeline_options = PipelineOptions::from_engine_options(engine_options);
        pipeline_options.random_weights = true;
        pipeline_options.random_text_encoder_layers = options.text_encoder_layers;
        pipeline_options.release_text_encoder = true;
        if (options.low_memory) pipeline_options.apply_low_memory();
        pipeline_options.release_transformer_before_decoding =
            options.release_transformer_before_decoding;
        if (options.tiled_decode_above > 0)
            pipeline_options.tiled_decode.max_untiled_latent_area = options.tiled_decode_above;
        pipeline_options.preview_interval = 0;
        set_thread_count(options.threads);
        memory::CpuBufferCache::install();  // as Engine::open does
        at::globalContext().setFlushDenormal(true);

        ModelComponents components(configs, pipeline_options);
        PixArtSigmaPipeline pipeline(components);
        GenerationRequest request;
        request.prompts = {options.prompt};
        request.width = options.width;
        request.height = options.height;
        request.steps = options.steps;
        request.guidance_scale = options.guidance_scale;
        request.resolution_binning = options.resolution_binning;
        request.seed = 0;
        if (options.strength > 0.0) {
            // Gradients and rings: a picture with structure at every scale, made in memory.
            auto picture = std::make_shared<InitImage>();
            picture->pixels.width = options.width;
            picture->pixels.height = options.height;
            picture->pixels.pixels.resize(std::size_t(options.width) * options.height * 3);
            for (int y = 0; y < options.height; ++y) {
                for (int x = 0; x < options.width; ++x) {
                    const float u = static_cast<float>(x) / options.width;
                    const float v = static_cast<float>(y) / options.height;
                    const float ring = 0.5f + 0.5f * std::sin(40.0f * ((u - 0.5f) * (u - 0.5f) +
                                                                       (v - 0.5f) * (v - 0.5f)));
                    picture->pixels.at(x, y, 0) = u;
                    picture->pixels.at(x, y, 1) = v;
                    picture->pixels.at(x, y, 2) = ring;
                }
            }
            request.init_image = picture;
            request.strength = options.strength;
        }
        const ResolvedSize size = pipeline.check_inputs(request);

        PipelineBenchmarkResult result;
        // Stage boundaries: the time and the peak RSS since the previous boundary.
        std::vector<PipelineStageTiming> stages{{"preparing", 0.0, 0.0, 0.0, 0.0}};
        auto last = std::chrono::steady_clock::now();
        auto close_stage = [&] {
            stages.back().seconds += benchmark::seconds_since(last);
            stages.back().peak_rss_mib =
                std::max(stages.back().peak_rss_mib, process_memory::peak_rss_mib());
            stages.back().end_rss_mib = process_memory::current_rss_mib();
            process_memory::reset_peak();
            last = std::chrono::steady_clock::now();
        };
        double transformer_mib = 0.0;  // measured when decoding starts (it may be released then)
        GenerationCallbacks callbacks;
        callbacks.on_stage = [&](Stage stage) {
            if (stage == Stage::Denoising) transformer_mib = mib(components.transformer_bytes());
            if (stage == Stage::EncodingPrompt && components.text_encoder_loaded())
                result.text_encoder_mib = mib(components.text_encoder_bytes());
            close_stage();
            if (stages.back().stage != stage_name(stage))
                stages.push_back({stage_name(stage), 0.0, 0.0, 0.0, 0.0});
        };
        process_memory::reset_peak();
        const auto started = std::chrono::steady_clock::now();
        last = started;
        pipeline.run(request, callbacks, nullptr);
        close_stage();
        result.total_seconds = benchmark::seconds_since(started);

        bool after_encoding = false;
        for (auto& s : stages) {
            if (s.stage == "preparing" && s.seconds < 1e-3) continue;
            s.share = s.seconds / result.total_seconds;
            result.peak_rss_mib = std::max(result.peak_rss_mib, s.peak_rss_mib);
            after_encoding = after_encoding || s.stage == stage_name(Stage::LoadingTransformer) ||
                             s.stage == stage_name(Stage::Denoising);
            if (after_encoding)
                result.peak_rss_after_encoding_mib =
                    std::max(result.peak_rss_after_encoding_mib, s.peak_rss_mib);
            result.stages.push_back(s);
        }
        result.transformer_mib = transformer_mib;
        result.vae_mib = mib(components.vae_bytes());
        result.generated_width = size.generated_width;
        result.generated_height = size.generated_height;
        result.steps = options.steps;
        result.threads = at::get_num_threads();
        result.low_memory = options.low_memory;
        result.text_encoder_layers = components.text_encoder_config().num_layers;
        const int scale = components.vae_config().scale_factor();
        const auto& tiles = pipeline_options.tiled_decode;
        result.decode =
            !tiles.should_tile(size.generated_height / scale, size.generated_width / scale)
                ? "untiled"
            : tiles.banded ? "banded"
                           : "tiled";
        return result;
    });
}

}  // namespace pixart
