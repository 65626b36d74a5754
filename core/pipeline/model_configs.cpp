#include "model_configs.h"

#include <filesystem>

#include "api/errors.h"

namespace pixart {

ModelConfigs ModelConfigs::from_config_folder(const std::string& dir, const std::string& variant,
                                              const std::string& tokenizer_model) {
    auto file = [&](const std::string& name) {
        const std::string path = dir + "/" + name;
        if (!std::filesystem::is_regular_file(path))
            throw Error(ErrorKind::ModelFolder, path + ": config file not found");
        return path;
    };
    if (!std::filesystem::is_regular_file(tokenizer_model))
        throw Error(ErrorKind::ModelFolder, tokenizer_model + ": tokenizer model not found");
    ModelConfigs configs;
    configs.transformer =
        TransformerConfig::from_file(file("transformer_config_" + variant + ".json"));
    configs.text_encoder = T5Config::from_file(file("text_encoder_config.json"));
    configs.vae = VaeConfig::from_file(file("vae_config.json"));
    configs.scheduler = SchedulerConfig::from_file(file("scheduler_config.json"));
    configs.tokenizer_model = tokenizer_model;
    return configs;
}

}  // namespace pixart
