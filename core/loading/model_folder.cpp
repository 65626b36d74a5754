#include "loading/model_folder.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "api/errors.h"
#include "config/json_file.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

const char* const kComponents[] = {"transformer", "text_encoder", "tokenizer", "vae", "scheduler"};

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

// models--PixArt-alpha--PixArt-Sigma-XL-2-1024-MS/snapshots/<hash> → PixArt-Sigma-XL-2-1024-MS
std::string name_from_snapshot(const fs::path& folder) {
    const fs::path repo = folder.parent_path().parent_path().filename();
    const std::string text = repo.string();
    const auto dash = text.rfind("--");
    if (text.rfind("models--", 0) == 0 && dash != std::string::npos) return text.substr(dash + 2);
    return folder.filename().string();
}

}  // namespace

std::string ModelFolder::component_dir(const std::string& component) const {
    return (fs::path(path) / component).string();
}

std::string ModelFolder::tokenizer_model() const {
    return (fs::path(path) / "tokenizer" / "spiece.model").string();
}

ModelFolder ModelFolder::open(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
        throw Error(ErrorKind::ModelFolder, path + ": not a folder (expected a diffusers PixArt-Sigma model folder)");
    }
    ModelFolder folder;
    // Not canonical: a cache snapshot may be a link, and its name comes from where it sits.
    folder.path = fs::absolute(path).lexically_normal().string();
    if (folder.path.size() > 1 && folder.path.back() == '/') folder.path.pop_back();
    const bool is_snapshot = fs::path(folder.path).parent_path().filename() == "snapshots";
    folder.name = is_snapshot ? name_from_snapshot(folder.path) : fs::path(folder.path).filename().string();

    if (!fs::exists(fs::path(folder.path) / "model_index.json", ec)) {
        throw Error(ErrorKind::ModelFolder,
                    folder.path +
                        " is not a PixArt-Sigma model folder: model_index.json is "
                        "missing (a diffusers folder has model_index.json, transformer/, "
                        "text_encoder/, tokenizer/, vae/ and scheduler/)");
    }
    const JsonFile index((fs::path(folder.path) / "model_index.json").string());
    const auto class_name = index.get_string("_class_name", "");
    if (class_name != "PixArtSigmaPipeline" && class_name != "PixArtAlphaPipeline") {
        index.unsupported("_class_name", "expected PixArtSigmaPipeline");
    }
    for (const char* component : kComponents) {
        if (!index.has(component)) {
            throw Error(ErrorKind::ModelFolder, index.path() + ": component \"" + component + "\" is not listed");
        }
    }
    // Everything missing in one line (an interrupted download usually lacks several parts).
    const std::pair<const char*, const char*> configs[] = {
        {"transformer", "config.json"},
        {"text_encoder", "config.json"},
        {"vae", "config.json"},
        {"scheduler", "scheduler_config.json"},
        {"tokenizer", "spiece.model"},
    };
    std::string missing;
    for (const auto& [component, file] : configs) {
        const fs::path dir = fs::path(folder.path) / component;
        const std::string what = fs::is_directory(dir, ec) ? std::string(component) + "/" + file
                                                           : std::string(component) + "/";
        if (!fs::exists(dir / file, ec)) missing += (missing.empty() ? "" : ", ") + what;
    }
    if (!missing.empty()) {
        throw Error(ErrorKind::ModelFolder,
                    folder.path + ": " + missing +
                        (missing.find(',') == std::string::npos ? " is" : " are") + " missing");
    }
    return folder;
}

std::string hugging_face_hub_cache() {
    if (auto v = env("HF_HUB_CACHE"); !v.empty()) return v;
    if (auto v = env("HUGGINGFACE_HUB_CACHE"); !v.empty()) return v;
    if (auto v = env("HF_HOME"); !v.empty()) return (fs::path(v) / "hub").string();
    if (auto v = env("XDG_CACHE_HOME"); !v.empty()) return (fs::path(v) / "huggingface" / "hub").string();
    return (fs::path(env("HOME")) / ".cache" / "huggingface" / "hub").string();
}

std::vector<ModelFolder> find_cached_models(const std::string& hub_cache) {
    std::vector<std::pair<fs::file_time_type, ModelFolder>> found;
    std::error_code ec;
    if (!fs::is_directory(hub_cache, ec)) return {};
    for (const auto& repo : fs::directory_iterator(hub_cache, ec)) {
        const auto repo_name = repo.path().filename().string();
        if (repo_name.rfind("models--", 0) != 0 || repo_name.find("PixArt-Sigma") == std::string::npos) continue;
        const fs::path snapshots = repo.path() / "snapshots";
        if (!fs::is_directory(snapshots, ec)) continue;
        for (const auto& snapshot : fs::directory_iterator(snapshots, ec)) {
            try {
                auto folder = ModelFolder::open(snapshot.path().string());
                found.emplace_back(fs::last_write_time(snapshot.path(), ec), std::move(folder));
            } catch (const Error&) {
                // An incomplete download: not offered.
            }
        }
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<ModelFolder> folders;
    for (auto& f : found) folders.push_back(std::move(f.second));
    return folders;
}

ModelFolder resolve_model(const std::string& path_or_repo_id) {
    std::error_code ec;
    if (fs::exists(path_or_repo_id, ec)) return ModelFolder::open(path_or_repo_id);
    const auto slash = path_or_repo_id.find('/');
    if (slash != std::string::npos && slash == path_or_repo_id.rfind('/') && slash > 0) {
        const std::string repo_dir = "models--" + path_or_repo_id.substr(0, slash) + "--" + path_or_repo_id.substr(slash + 1);
        const fs::path snapshots = fs::path(hugging_face_hub_cache()) / repo_dir / "snapshots";
        if (fs::is_directory(snapshots, ec)) {
            for (const auto& snapshot : fs::directory_iterator(snapshots, ec)) {
                return ModelFolder::open(snapshot.path().string());
            }
        }
    }
    throw Error(ErrorKind::ModelFolder, path_or_repo_id + ": no such model folder, and no snapshot of it in the Hugging Face cache (" +
                                            hugging_face_hub_cache() + ")");
}

}  // namespace pixart
