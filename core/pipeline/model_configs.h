// The configs of the four networks and the tokenizer file, without weights: what ModelComponents
// needs to build a pipeline with random weights at true size (benchmarks without checkpoints).
#pragma once

#include <string>

#include "config/scheduler_config.h"
#include "config/t5_config.h"
#include "config/transformer_config.h"
#include "config/vae_config.h"

namespace pixart {

struct ModelConfigs {
    TransformerConfig transformer;
    T5Config text_encoder;
    VaeConfig vae;
    SchedulerConfig scheduler;
    std::string tokenizer_model;  // a sentencepiece spiece.model

    // A folder laid out like ../shared/models/configs: transformer_config_<variant>.json,
    // text_encoder_config.json, vae_config.json, scheduler_config.json. Throws
    // pixart::Error(ModelFolder) naming the missing file.
    static ModelConfigs from_config_folder(const std::string& dir, const std::string& variant,
                                           const std::string& tokenizer_model);
};

}  // namespace pixart
