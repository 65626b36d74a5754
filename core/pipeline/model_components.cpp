#include "model_components.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <vector>

#include "api/errors.h"
#include "cache/prompt_embedding_cache.h"
#include "memory/process_memory.h"
#include "models/t5/resident_t5_text_encoder.h"
#include "models/t5/streamed_t5_encoder.h"
#include "random_weights.h"

namespace fs = std::filesystem;

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

std::int64_t ModelComponents::text_encoder_bytes() const {
    return text_encoder_ ? text_encoder_->resident_bytes() : 0;
}

std::int64_t ModelComponents::text_encoder_bytes_read() const {
    return text_encoder_bytes_read_ + (text_encoder_ ? text_encoder_->bytes_read() : 0);
}

std::optional<EncoderPlacement> ModelComponents::text_encoder_placement() const {
    if (!text_encoder_) return std::nullopt;
    return text_encoder_->streamed() ? EncoderPlacement::Streamed : EncoderPlacement::Resident;
}

void ModelComponents::release_text_encoder() {
    if (!text_encoder_) return;
    text_encoder_bytes_read_ += text_encoder_->bytes_read();
    text_encoder_.reset();
}

const std::string& ModelComponents::text_encoder_identity() {
    if (!text_encoder_identity_) {
        std::string identity;
        if (!options_.random_weights) {
            const auto checkpoint =
                Checkpoint::open_component(folder_.component_dir("text_encoder"), "model");
            std::set<const SafetensorsFile*> files;
            for (const auto& [name, entry] : checkpoint.entries()) files.insert(entry.file);
            std::vector<std::string> parts;
            for (const auto* file : files) {
                struct stat st {};
                ::stat(file->path().c_str(), &st);
                const std::string name = fs::path(file->path()).filename().string();
                char text[160];
                std::snprintf(text, sizeof text, "%s:%llu:%lld.%09ld:%016llx", name.c_str(),
                              static_cast<unsigned long long>(file->file_size()),
                              static_cast<long long>(st.st_mtim.tv_sec), st.st_mtim.tv_nsec,
                              static_cast<unsigned long long>(fnv1a64(file->header_bytes())));
                parts.push_back(text);
            }
            std::sort(parts.begin(), parts.end());
            for (const auto& part : parts) identity += (identity.empty() ? "" : ",") + part;
        }
        text_encoder_identity_ = identity;
    }
    return *text_encoder_identity_;
}

int ModelComponents::text_encoder_stored_element_size() {
    if (text_encoder_stored_element_size_ == 0) {
        text_encoder_stored_element_size_ = 4;
        if (!options_.random_weights) {
            const auto checkpoint =
                Checkpoint::open_component(folder_.component_dir("text_encoder"), "model");
            int largest = 0;
            for (const auto& [name, entry] : checkpoint.entries())
                largest = std::max(largest, static_cast<int>(dtype_size(entry.info->dtype)));
            text_encoder_stored_element_size_ = largest;
        }
    }
    return text_encoder_stored_element_size_;
}
std::int64_t ModelComponents::transformer_bytes() const { return weight_bytes(transformer_); }
std::int64_t ModelComponents::vae_bytes() const { return weight_bytes(vae_); }

T5TextEncoder& ModelComponents::text_encoder(EncoderPlacement placement) {
    if (options_.random_weights) placement = EncoderPlacement::Resident;  // nothing to stream
    if (text_encoder_ && text_encoder_placement() != placement) release_text_encoder();
    if (!text_encoder_) {
        torch::NoGradGuard no_grad;
        const process_memory::LoadingAllocator loading;
        const auto& device = options_.text_encoder_device;
        const auto dtype = options_.text_encoder_dtype;
        const std::string dir =
            options_.random_weights ? "" : folder_.component_dir("text_encoder");
        if (placement == EncoderPlacement::Streamed) {
            text_encoder_ = std::make_unique<StreamedT5Encoder>(dir, dtype, device);
        } else if (options_.random_weights) {
            text_encoder_ = std::make_unique<ResidentT5TextEncoder>(
                place(randomized(T5Encoder(text_encoder_config_), 1), device, dtype), 0);
        } else {
            const auto bytes = Checkpoint::open_component(dir, "model").byte_size();
            text_encoder_ = std::make_unique<ResidentT5TextEncoder>(
                place(load_t5_encoder(dir, dtype), device, dtype), bytes);
        }
    }
    return *text_encoder_;
}

PixArtTransformer2DModel& ModelComponents::transformer() {
    if (!transformer_) {
        torch::NoGradGuard no_grad;
        const process_memory::LoadingAllocator loading;
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
        const process_memory::LoadingAllocator loading;
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

VaeImageEncoder& ModelComponents::image_encoder() {
    if (!image_encoder_) {
        torch::NoGradGuard no_grad;
        const process_memory::LoadingAllocator loading;
        if (options_.random_weights) {
            image_encoder_ = place(randomized(VaeImageEncoder(vae_config_), 4), options_.device,
                                   options_.vae_dtype);
        } else {
            image_encoder_ =
                place(load_vae_image_encoder(folder_.component_dir("vae"), options_.vae_dtype),
                      options_.device, options_.vae_dtype);
        }
    }
    return *image_encoder_;
}

void ModelComponents::apply_loras(const std::vector<LoraSpec>& loras) {
    lora_merger_.apply(*transformer(), loras);
}

}  // namespace pixart
