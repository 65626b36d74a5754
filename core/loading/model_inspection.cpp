#include <filesystem>

#include "api/errors.h"
#include "api/model_info.h"
#include "config/json_file.h"
#include "config/scheduler_config.h"
#include "config/t5_config.h"
#include "config/transformer_config.h"
#include "config/vae_config.h"
#include "loading/checkpoint.h"
#include "loading/model_folder.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

ComponentInfo describe(const ModelFolder& folder, const JsonFile& index, const std::string& component,
                       const std::string& weights_stem) {
    ComponentInfo info;
    info.name = component;
    const auto& entry = index.json()[component];
    if (entry.is_array() && entry.size() == 2 && entry[1].is_string()) info.class_name = entry[1].get<std::string>();
    if (!weights_stem.empty()) {
        const auto checkpoint = Checkpoint::open_component(folder.component_dir(component), weights_stem);
        info.dtype = checkpoint.dtype_summary();
        info.parameters = checkpoint.parameter_count();
        info.bytes = checkpoint.byte_size();
        info.files = checkpoint.files();
    }
    return info;
}

}  // namespace

ModelInfo inspect_model(const std::string& path_or_repo_id) {
    const ModelFolder folder = resolve_model(path_or_repo_id);
    const JsonFile index((fs::path(folder.path) / "model_index.json").string());
    const auto transformer = TransformerConfig::from_file(folder.component_dir("transformer") + "/config.json");
    T5Config::from_file(folder.component_dir("text_encoder") + "/config.json");
    const auto vae = VaeConfig::from_file(folder.component_dir("vae") + "/config.json");
    SchedulerConfig::from_file(folder.component_dir("scheduler") + "/scheduler_config.json");

    ModelInfo info;
    info.name = folder.name;
    info.path = folder.path;
    info.sample_size = transformer.sample_size;
    info.native_width = info.native_height = transformer.sample_size * vae.scale_factor();
    info.bins = aspect_ratio_bins(transformer.sample_size);
    info.components.push_back(describe(folder, index, "transformer", "diffusion_pytorch_model"));
    info.components.push_back(describe(folder, index, "text_encoder", "model"));
    info.components.push_back(describe(folder, index, "vae", "diffusion_pytorch_model"));
    info.components.push_back(describe(folder, index, "tokenizer", ""));
    info.components.push_back(describe(folder, index, "scheduler", ""));
    return info;
}

std::vector<std::string> find_cached_model_paths() {
    std::vector<std::string> paths;
    for (const auto& folder : find_cached_models()) paths.push_back(folder.path);
    return paths;
}

}  // namespace pixart
