// pixart::Engine — the public face over the PixArt-Sigma pipeline (see api/engine.h).
#include "api/engine.h"

#include <chrono>
#include <new>

#include "api/errors.h"
#include "api/runtime.h"
#include "engine_internals.h"
#include "generation_memory.h"
#include "loading/model_folder.h"
#include "loading/safetensors_writer.h"
#include "memory/cpu_buffer_cache.h"
#include "pixart_sigma_pipeline.h"
#include "schedulers/scheduler.h"

namespace pixart {

const char* stage_name(Stage stage) noexcept {
    switch (stage) {
        case Stage::LoadingTextEncoder:
            return "loading text encoder";
        case Stage::EncodingPrompt:
            return "encoding prompt";
        case Stage::EncodingImage:
            return "encoding init image";
        case Stage::LoadingTransformer:
            return "loading transformer";
        case Stage::Denoising:
            return "denoising";
        case Stage::LoadingVae:
            return "loading VAE";
        case Stage::Decoding:
            return "decoding";
    }
    return "";
}

const char* text_encoder_mode_name(TextEncoderMode mode) noexcept {
    switch (mode) {
        case TextEncoderMode::Auto:
            return "auto";
        case TextEncoderMode::Resident:
            return "resident";
        case TextEncoderMode::Streamed:
            return "streamed";
    }
    return "";
}

TextEncoderMode parse_text_encoder_mode(const std::string& name) {
    for (const auto mode :
         {TextEncoderMode::Auto, TextEncoderMode::Resident, TextEncoderMode::Streamed}) {
        if (name == text_encoder_mode_name(mode)) return mode;
    }
    throw Error(ErrorKind::InvalidArgument,
                "text encoder mode '" + name + "': expected auto, resident or streamed");
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::open(const std::string& model_dir, const EngineOptions& options) {
    return guard_torch_errors([&] {
        auto impl = std::make_unique<Impl>();
        impl->options = options;
        impl->info = inspect_model(model_dir);
        impl->info.device = options.device;
        set_thread_count(options.threads);
        memory::CpuBufferCache::install();  // reuse of the steps' large buffers (no page churn)
        impl->components = std::make_unique<ModelComponents>(
            ModelFolder::open(impl->info.path), PipelineOptions::from_engine_options(options));
        impl->pipeline = std::make_unique<PixArtSigmaPipeline>(*impl->components);
        return std::unique_ptr<Engine>(new Engine(std::move(impl)));
    });
}

const ModelInfo& Engine::info() const { return impl_->info; }
const EngineOptions& Engine::options() const { return impl_->options; }

GenerationResult Engine::generate(const GenerationRequest& request,
                                  const GenerationCallbacks& callbacks, const CancelToken* cancel) {
    return generate_and_dump(request, "", callbacks, cancel);
}

GenerationResult Engine::generate_and_dump(const GenerationRequest& request,
                                           const std::string& dump_path,
                                           const GenerationCallbacks& callbacks,
                                           const CancelToken* cancel) {
    return guard_torch_errors([&] {
        const auto started = std::chrono::steady_clock::now();
        const ResolvedSize size = impl_->pipeline->check_inputs(request);
        GenerationTrace trace;
        const torch::Tensor images =
            impl_->pipeline->run(request, callbacks, cancel, dump_path.empty() ? nullptr : &trace);
        if (!dump_path.empty()) {
            TensorMap tensors{{"init_latents", trace.init_latents},
                              {"prompt_embeds", trace.prompt_embeds},
                              {"prompt_attention_mask", trace.prompt_attention_mask},
                              {"timesteps", trace.timesteps},
                              {"step_latents", torch::stack(trace.step_latents, 0)},
                              {"final_latents", trace.final_latents},
                              {"image", trace.image}};
            if (trace.noised_latents.defined())
                tensors.emplace("noised_latents", trace.noised_latents);
            write_safetensors(dump_path, tensors);
        }
        GenerationResult result;
        result.images = images_from_tensor(images);
        result.generated_width = size.generated_width;
        result.generated_height = size.generated_height;
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return result;
    });
}

MemoryPlanInfo Engine::plan(const GenerationRequest& request) {
    return guard_torch_errors([&] { return plan_info(impl_->pipeline->plan(request)); });
}

Engine::TextEncoderStats Engine::text_encoder_stats() const {
    const auto& encoder = impl_->pipeline->prompt_encoder();
    TextEncoderStats stats;
    stats.bytes_read = impl_->components->text_encoder_bytes_read();
    stats.encoded = encoder.stats().encoded;
    stats.memory_cache_hits = encoder.stats().memory_hits;
    stats.disk_cache_hits = encoder.stats().disk_hits;
    const auto* cache = encoder.disk_cache();
    stats.prompt_cache = cache == nullptr          ? "off"
                         : cache->status().empty() ? cache->folder()
                                                   : cache->status();
    return stats;
}

TokenCount Engine::count_tokens(const std::string& prompt, bool clean_caption) const {
    return guard_torch_errors(
        [&] { return impl_->pipeline->prompt_encoder().count_tokens(prompt, clean_caption, 300); });
}

std::vector<std::string> Engine::samplers() { return scheduler_names(); }

void Engine::release_all() {
    impl_->components->release_text_encoder();
    impl_->components->release_transformer();
    impl_->components->release_vae();
}

}  // namespace pixart
