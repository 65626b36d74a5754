// A diffusers-layout PixArt-Sigma folder (model_index.json + one folder per component), found by
// path or among the Hugging Face cache's snapshots.
#pragma once

#include <string>
#include <vector>

namespace pixart {

struct ModelFolder {
    std::string path;  // absolute
    std::string name;  // e.g. "PixArt-Sigma-XL-2-1024-MS"

    std::string component_dir(const std::string& component) const;  // path/component
    std::string tokenizer_model() const;                             // tokenizer/spiece.model

    // Validates model_index.json (a PixArtSigmaPipeline with the five components) and that every
    // component folder and config exists. Throws pixart::Error(ModelFolder) naming what is wrong.
    static ModelFolder open(const std::string& path);
};

// The hub cache: $HF_HUB_CACHE, else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else
// ~/.cache/huggingface/hub.
std::string hugging_face_hub_cache();

// Snapshots of PixArt-Sigma repositories in the hub cache (models--*--*PixArt-Sigma*), newest
// first; unusable snapshots are skipped.
std::vector<ModelFolder> find_cached_models(const std::string& hub_cache = hugging_face_hub_cache());

// A folder path, or a repository id ("PixArt-alpha/PixArt-Sigma-XL-2-1024-MS") looked up in the
// hub cache. Throws pixart::Error(ModelFolder) when neither exists.
ModelFolder resolve_model(const std::string& path_or_repo_id);

}  // namespace pixart
