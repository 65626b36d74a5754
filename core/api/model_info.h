// What a loaded model folder is: shown by `pixart-cli inspect` and the studio's model summary.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/aspect_ratios.h"

namespace pixart {

struct ComponentInfo {
    std::string name;        // "transformer", "text_encoder", "vae", "tokenizer", "scheduler"
    std::string class_name;  // from model_index.json, e.g. "PixArtTransformer2DModel"
    std::string dtype;  // storage dtype of the weights ("F32", "F16", "BF16", mixed: "F16+F32")
    std::int64_t parameters = 0;
    std::int64_t bytes = 0;  // on disk
    std::vector<std::string> files;
};

struct ModelInfo {
    std::string name;  // folder name, or the repository name for a Hugging Face cache snapshot
    std::string path;
    int sample_size = 0;   // latent size of the transformer (128 for the 1024 px models)
    int native_width = 0;  // sample_size * 8
    int native_height = 0;
    std::vector<AspectRatioBin> bins;  // the bin table this checkpoint was trained on
    std::vector<ComponentInfo> components;
    std::string device = "cpu";
};

// Reads a model folder (a path, or a repository id found in the Hugging Face cache): configs,
// weight headers (not the weights), parameter counts and the aspect-ratio bins. Throws
// pixart::Error naming the first problem found.
ModelInfo inspect_model(const std::string& path_or_repo_id);

// PixArt-Sigma snapshots in the Hugging Face cache, newest first (paths).
std::vector<std::string> find_cached_model_paths();

}  // namespace pixart
