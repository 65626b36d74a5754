#include "model_components.h"

#include "api/errors.h"
#include "process_memory.h"
#include "random_weights.h"

namespace pixart {
namespace {

// Modules built from a config start on the CPU in float32; move them where they will run.
template <typename Module>
Module place(Module module, const torch::Device& device, torch::ScalarType dtype) {
    module->to(device, dtype);
    module->eval();
    // Building and binding leave freed temporaries (init values, conversion buffers, the separate
    // q/k/v weights before stacking) in the heap: hand them back so RSS is the weights.
    process_memory::return_free_memory();
    return module;
}

// Random weights (benchmarks at true size): seeded so runs are repeatable (see random_weights.h).
template <typename Module>
Module randomized(Module module, std::uint64_t seed) {
    randomize_weights(*module, seed);
    return module;
}

template <typename Module>
std::int64_t weight_bytes(const std::optional<Module>& module) {
    std::int64_t bytes = 0;
    if (module) {
        for (const auto& p : (*module)->parameters()) bytes += p.numel() * p.element_size();
    }
    return bytes;
}

}  // namespace

ModelComponents::ModelComponents(ModelFolder folder, PipelineOptions options)
    : folder_(std::move(folder)), options_(std::move(options)) {
    transformer_config_ =
        TransformerConfig::from_file(folder_.component_dir("transformer") + "/config.json");
    text_encoder_config_ =
        T5Config::from_file(folder_.component_dir("text_encoder") + "/config.json");
    vae_config_ = VaeConfig::from_file(folder_.component_dir("vae") + "/config.json");
    scheduler_config_ =
        SchedulerConfig::from_file(folder_.component_dir("scheduler") + "/scheduler_config.json");
    tokenizer_model_ = folder_.tokenizer_model();
    apply_random_depth();
}

ModelComponents::ModelComponents(const ModelConfigs& configs, PipelineOptions options)
    : tokenizer_model_(configs.tokenizer_model),
      options_(std::move(options)),
      transformer_config_(configs.transformer),
      text_encoder_config_(configs.text_encoder),
      vae_config_(configs.vae),
      scheduler_config_(configs.scheduler) {
    options_.random_weights = true;
    apply_random_depth();
}

void ModelComponents::apply_random_depth() {
    if (options_.random_weights && options_.random_text_encoder_layers > 0) {
        text_encoder_config_.num_layers = options_.random_text_encoder_layers;
    }
}

std::int64_t ModelComponents::text_encoder_bytes() const { return weight_bytes(text_encoder_); }
std::int64_t ModelComponents::transformer_bytes() const { return weight_bytes(transformer_); }
std::int64_t ModelComponents::vae_bytes() const { return weight_bytes(vae_); }

T5Encoder& ModelComponents::text_encoder() {
    if (!text_encoder_) {
        torch::NoGradGuard no_grad;
        if (options_.random_weights) {
            text_encoder_ = place(randomized(T5Encoder(text_encoder_config_), 1), options_.device,
                                  options_.dtype);
        } else {
            text_encoder_ =
                place(load_t5_encoder(folder_.component_dir("text_encoder"), options_.dtype),
                      options_.device, options_.dtype);
        }
    }
    return *text_encoder_;
}

PixArtTransformer2DModel& ModelComponents::transformer() {
    if (!transformer_) {
        torch::NoGradGuard no_grad;
        if (options_.random_weights) {
            transformer_ = place(randomized(PixArtTransformer2DModel(transformer_config_), 2),
                                 options_.device, options_.dtype);
        } else {
            transformer_ =
                place(load_pixart_transformer(folder_.component_dir("transformer"), options_.dtype),
                      options_.device, options_.dtype);
        }
    }
    return *transformer_;
}

AutoencoderKL& ModelComponents::vae() {
    if (!vae_) {
        torch::NoGradGuard no_grad;
        if (options_.random_weights) {
            vae_ = place(randomized(AutoencoderKL(vae_config_), 3), options_.device,
                         options_.vae_dtype);
        } else {
            vae_ = place(load_autoencoder_kl(folder_.component_dir("vae"), options_.vae_dtype),
                         options_.device, options_.vae_dtype);
        }
    }
    return *vae_;
}

}  // namespace pixart
