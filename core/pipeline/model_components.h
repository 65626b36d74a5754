// The three networks of a model folder, loaded on first use and released on demand, so that only
// one big model needs to be resident at a time (T5-XXL alone is ~19 GB in float32). The text
// encoder is either resident or streamed from its files (memory/memory_plan.h decides).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/scheduler_config.h"
#include "config/t5_config.h"
#include "config/transformer_config.h"
#include "config/vae_config.h"
#include "loading/model_folder.h"
#include "lora/lora_merger.h"
#include "memory/memory_plan.h"
#include "model_configs.h"
#include "models/t5/t5_text_encoder.h"
#include "models/transformer/pixart_transformer_2d.h"
#include "models/vae/autoencoder_kl.h"
#include "models/vae/vae_image_encoder.h"
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

    bool text_encoder_loaded() const { return text_encoder_ != nullptr; }
    // Resident or streamed, when loaded.
    std::optional<EncoderPlacement> text_encoder_placement() const;
    bool transformer_loaded() const { return transformer_.has_value(); }
    bool vae_loaded() const { return vae_.has_value(); }

    // Loads on first use, or when the placement changes (the other one is released first).
    // Streamed needs weights on disk: with random weights it is resident whatever is asked.
    T5TextEncoder& text_encoder(EncoderPlacement placement);
    PixArtTransformer2DModel& transformer();
    AutoencoderKL& vae();
    // The VAE's encoder half (image-to-image only; loaded on first use, released after it).
    VaeImageEncoder& image_encoder();

    void release_text_encoder();
    void release_transformer() {
        transformer_.reset();
        lora_merger_.forget();
    }
    // The loaded transformer with exactly these LoRAs merged (loads it first if needed); the
    // previous set's weights are restored bit for bit. Throws (nothing changed) for a LoRA that
    // does not fit.
    void apply_loras(const std::vector<LoraSpec>& loras);
    std::int64_t lora_held_bytes() const { return lora_merger_.held_bytes(); }
    void release_vae() { vae_.reset(); }
    void release_image_encoder() { image_encoder_.reset(); }

    // Bytes of the loaded weights of each network (0 when not loaded; a streamed T5 holds none).
    std::int64_t text_encoder_bytes() const;
    // T5 weight bytes read from the files since this object was made (resident loads and
    // streamed blocks): the benchmark shows that a cached prompt reads none.
    std::int64_t text_encoder_bytes_read() const;
    // What identifies the text encoder's weights for the prompt cache: each weight file's name,
    // size, modification time and a hash of its header (reads no weights). "" for random weights
    // (nothing is cached then).
    const std::string& text_encoder_identity();
    // Weights of one T5 block as stored (bytes per element of the files; 4 for random weights).
    int text_encoder_stored_element_size();
    bool can_stream_text_encoder() const { return !options_.random_weights; }
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
    std::unique_ptr<T5TextEncoder> text_encoder_;
    std::int64_t text_encoder_bytes_read_ = 0;  // by encoders already released
    std::optional<std::string> text_encoder_identity_;
    int text_encoder_stored_element_size_ = 0;
    std::optional<PixArtTransformer2DModel> transformer_;
    LoraMerger lora_merger_;
    std::optional<AutoencoderKL> vae_;
    std::optional<VaeImageEncoder> image_encoder_;
};

}  // namespace pixart
