// pixart::Engine — the public face over the PixArt-Sigma pipeline (see api/engine.h).
#include "api/engine.h"

#include "api/errors.h"
#include "api/runtime.h"

namespace pixart {

const char* stage_name(Stage stage) noexcept {
    switch (stage) {
        case Stage::LoadingTextEncoder: return "loading text encoder";
        case Stage::EncodingPrompt: return "encoding prompt";
        case Stage::LoadingTransformer: return "loading transformer";
        case Stage::Denoising: return "denoising";
        case Stage::LoadingVae: return "loading VAE";
        case Stage::Decoding: return "decoding";
    }
    return "";
}

struct Engine::Impl {
    EngineOptions options;
    ModelInfo info;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::open(const std::string& model_dir, const EngineOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->info = inspect_model(model_dir);
    impl->info.device = options.device;
    set_thread_count(options.threads);
    return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

const ModelInfo& Engine::info() const { return impl_->info; }
const EngineOptions& Engine::options() const { return impl_->options; }

GenerationResult Engine::generate(const GenerationRequest&, const GenerationCallbacks&, const CancelToken*) {
    // Replaced by the pipeline as the components land.
    throw Error(ErrorKind::Unsupported, "generation is not available in this build yet");
}

TokenCount Engine::count_tokens(const std::string&, bool) const {
    throw Error(ErrorKind::Unsupported, "token counting is not available in this build yet");
}

std::vector<std::string> Engine::samplers() { return {"dpm++2m"}; }

void Engine::release_all() {}

}  // namespace pixart
