#include "model_components.h"

#include "api/errors.h"

namespace pixart {
namespace {

// Modules built from a config start on the CPU in float32; move them where they will run.
template <typename Module>
Module place(Module module, const torch::Device& device, torch::ScalarType dtype) {
    module->to(device, dtype);
    module->eval();
    return module;
}

// Random weights (benchmarks at true size): seeded so runs are repeatable; libtorch's default
// initialisers, plus non-zero values where PixArt's checkpoints hold learned tables.
void seed_random_weights() { torch::manual_seed(0); }

}  // namespace

ModelComponents::ModelComponents(ModelFolder folder, PipelineOptions options)
    : folder_(std::move(folder)), options_(std::move(options)) {
    transformer_config_ = TransformerConfig::from_file(folder_.component_dir("transformer") + "/config.json");
    text_encoder_config_ = T5Config::from_file(folder_.component_dir("text_encoder") + "/config.json");
    vae_config_ = VaeConfig::from_file(folder_.component_dir("vae") + "/config.json");
    scheduler_config_ = SchedulerConfig::from_file(folder_.component_dir("scheduler") + "/scheduler_config.json");
    if (options_.random_weights && options_.random_text_encoder_layers > 0) {
        text_encoder_config_.num_layers = options_.random_text_encoder_layers;
    }
}

T5Encoder& ModelComponents::text_encoder() {
    if (!text_encoder_) {
        torch::NoGradGuard no_grad;
        if (options_.random_weights) {
            seed_random_weights();
            text_encoder_ = place(T5Encoder(text_encoder_config_), options_.device, options_.dtype);
        } else {
            text_encoder_ = place(load_t5_encoder(folder_.component_dir("text_encoder"), options_.dtype),
                                  options_.device, options_.dtype);
        }
    }
    return *text_encoder_;
}

PixArtTransformer2DModel& ModelComponents::transformer() {
    if (!transformer_) {
        torch::NoGradGuard no_grad;
        if (options_.random_weights) {
            seed_random_weights();
            transformer_ = place(PixArtTransformer2DModel(transformer_config_), options_.device, options_.dtype);
        } else {
            transformer_ = place(load_pixart_transformer(folder_.component_dir("transformer"), options_.dtype),
                                 options_.device, options_.dtype);
        }
    }
    return *transformer_;
}

AutoencoderKL& ModelComponents::vae() {
    if (!vae_) {
        torch::NoGradGuard no_grad;
        if (options_.random_weights) {
            seed_random_weights();
            vae_ = place(AutoencoderKL(vae_config_), options_.device, options_.vae_dtype);
        } else {
            vae_ = place(load_autoencoder_kl(folder_.component_dir("vae"), options_.vae_dtype), options_.device,
                         options_.vae_dtype);
        }
    }
    return *vae_;
}

}  // namespace pixart
