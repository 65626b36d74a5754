// The three networks of a model folder, loaded on first use and released on demand, so that only
// one big model needs to be resident at a time (T5-XXL alone is ~19 GB in float32).
#pragma once

#include <optional>

#include "config/scheduler_config.h"
#include "config/t5_config.h"
#include "config/transformer_config.h"
#include "config/vae_config.h"
#include "loading/model_folder.h"
#include "model_configs.h"
#include "models/vae/autoencoder_kl.h"
#include "models/transformer/pixart_transformer_2d.h"
#include "models/t5/t5_encoder.h"
#include "pipeline_options.h"

namespace pixart {

class ModelComponents {
  public:
    ModelComponents(ModelFolder folder, PipelineOptions options);
    // No weights on disk: every network is built with random weights from its config
    // (options.random_weights is forced on); folder() is empty.
    ModelComponents(const ModelConfigs& configs, PipelineOptions options);

    const ModelFolder& folder() const { return folder_; }
    const std::string& tokenizer_model() const { return tokenizer_model_; }
    const PipelineOptions& options() const { return options_; }
    const TransformerConfig& transformer_config() const { return transformer_config_; }
    const VaeConfig& vae_config() const { return vae_config_; }
    const SchedulerConfig& scheduler_config() const { return scheduler_config_; }
    const T5Config& text_encoder_config() const { return text_encoder_config_; }

    bool text_encoder_loaded() const { return text_encoder_.has_value(); }
    bool transformer_loaded() const { return transformer_.has_value(); }
    bool vae_loaded() const { return vae_.has_value(); }

    T5Encoder& text_encoder();  // loads on first use
    PixArtTransformer2DModel& transformer();
    AutoencoderKL& vae();

    void release_text_encoder() { text_encoder_.reset(); }
    void release_transformer() { transformer_.reset(); }
    void release_vae() { vae_.reset(); }

    // Bytes of the loaded weights of each network (0 when not loaded).
    std::int64_t text_encoder_bytes() const;
    std::int64_t transformer_bytes() const;
    std::int64_t vae_bytes() const;

  private:
    void apply_random_depth();

    ModelFolder folder_;
    std::string tokenizer_model_;
    PipelineOptions options_;
    TransformerConfig transformer_config_;
    T5Config text_encoder_config_;
    VaeConfig vae_config_;
    SchedulerConfig scheduler_config_;
    std::optional<T5Encoder> text_encoder_;
    std::optional<PixArtTransformer2DModel> transformer_;
    std::optional<AutoencoderKL> vae_;
};

}  // namespace pixart
