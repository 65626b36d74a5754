#include "loading/checkpoint.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "api/errors.h"

namespace fs = std::filesystem;

namespace pixart {

Checkpoint Checkpoint::open_component(const std::string& dir, const std::string& stem) {
    const fs::path base(dir);
    for (const char* variant : {"", ".fp16", ".bf16"}) {
        const fs::path single = base / (stem + variant + ".safetensors");
        if (fs::exists(single)) return open_file(single.string());
        const fs::path index = base / (stem + ".safetensors.index" + variant + ".json");
        if (fs::exists(index)) return open_index(index.string());
    }
    throw Error(ErrorKind::ModelFolder, dir + ": no weights found (expected " + stem +
                                            ".safetensors or " + stem + ".safetensors.index.json)");
}

Checkpoint Checkpoint::open_file(const std::string& safetensors_path) {
    Checkpoint checkpoint;
    checkpoint.files_.push_back(std::make_unique<SafetensorsFile>(safetensors_path));
    const SafetensorsFile* file = checkpoint.files_.back().get();
    for (const auto& info : file->tensors()) checkpoint.entries_[info.name] = Entry{file, &info};
    return checkpoint;
}

Checkpoint Checkpoint::open_index(const std::string& index_json_path) {
    nlohmann::json index;
    {
        std::ifstream in(index_json_path);
        if (!in) throw Error(ErrorKind::Io, index_json_path + ": cannot open");
        try {
            in >> index;
        } catch (const nlohmann::json::exception& e) {
            throw Error(ErrorKind::CorruptFile, index_json_path + ": not well-formed JSON (" + e.what() + ")");
        }
    }
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object()) {
        throw Error(ErrorKind::CorruptFile, index_json_path + ": no \"weight_map\" object");
    }
    const fs::path dir = fs::path(index_json_path).parent_path();
    Checkpoint checkpoint;
    std::map<std::string, const SafetensorsFile*> opened;
    for (auto it = index["weight_map"].begin(); it != index["weight_map"].end(); ++it) {
        if (!it.value().is_string()) {
            throw Error(ErrorKind::CorruptFile, index_json_path + ": weight_map entry '" + it.key() + "' is not a file name");
        }
        const auto shard_name = it.value().get<std::string>();
        if (shard_name.find('/') != std::string::npos) {
            throw Error(ErrorKind::CorruptFile, index_json_path + ": shard name '" + shard_name + "' leaves the folder");
        }
        if (opened.count(shard_name) == 0) {
            const fs::path shard = dir / shard_name;
            if (!fs::exists(shard)) {
                throw Error(ErrorKind::ModelFolder, index_json_path + ": shard " + shard_name + " is missing");
            }
            checkpoint.files_.push_back(std::make_unique<SafetensorsFile>(shard.string()));
            opened[shard_name] = checkpoint.files_.back().get();
        }
        const SafetensorsFile* file = opened[shard_name];
        const TensorInfo* info = file->find(it.key());
        if (info == nullptr) {
            throw Error(ErrorKind::CorruptFile, index_json_path + ": tensor '" + it.key() + "' is not in shard " + shard_name);
        }
        checkpoint.entries_[it.key()] = Entry{file, info};
    }
    return checkpoint;
}

const Checkpoint::Entry* Checkpoint::find(const std::string& name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
}

std::vector<std::string> Checkpoint::files() const {
    std::vector<std::string> paths;
    for (const auto& f : files_) paths.push_back(f->path());
    return paths;
}

std::int64_t Checkpoint::parameter_count() const {
    std::int64_t n = 0;
    for (const auto& [name, e] : entries_) n += e.info->numel();
    return n;
}

std::int64_t Checkpoint::byte_size() const {
    std::int64_t n = 0;
    for (const auto& [name, e] : entries_) n += static_cast<std::int64_t>(e.info->byte_size());
    return n;
}

std::string Checkpoint::dtype_summary() const {
    std::set<std::string> names;
    for (const auto& [name, e] : entries_) names.insert(dtype_name(e.info->dtype));
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : "+") + n;
    return out;
}

}  // namespace pixart
