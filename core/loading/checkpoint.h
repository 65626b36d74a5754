// The weights of one model component: a single safetensors file or a sharded set listed by a
// `*.safetensors.index.json` (T5-XXL ships as shards). Headers are validated on open; tensor
// bytes stay memory-mapped until a module copies them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "loading/safetensors_file.h"

namespace pixart {

class Checkpoint {
public:
    // Opens `<dir>/<stem>.safetensors` or `<dir>/<stem>.safetensors.index.json`, also the fp16 /
    // bf16 variants diffusers saves (`<stem>.fp16.safetensors`, `<stem>.safetensors.index.fp16.json`).
    // Throws pixart::Error(ModelFolder) when none exists, CorruptFile when one is damaged.
    static Checkpoint open_component(const std::string& dir, const std::string& stem);
    static Checkpoint open_file(const std::string& safetensors_path);
    static Checkpoint open_index(const std::string& index_json_path);

    struct Entry {
        const SafetensorsFile* file;
        const TensorInfo* info;
    };
    const Entry* find(const std::string& name) const;  // nullptr when absent
    const std::map<std::string, Entry>& entries() const { return entries_; }
    std::vector<std::string> files() const;
    std::int64_t parameter_count() const;
    std::int64_t byte_size() const;
    std::string dtype_summary() const;  // "F32", "F16", or "F16+F32" when mixed

private:
    std::vector<std::unique_ptr<SafetensorsFile>> files_;
    std::map<std::string, Entry> entries_;
};

}  // namespace pixart
