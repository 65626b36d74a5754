// Our own metadata record: every field needed to regenerate an image exactly, as one JSON object
// ({"format": "pixart-studio", "version": 1, ...}). Readers ignore unknown keys so later versions
// can add fields; a field of the wrong type is skipped rather than trusted.
#include <nlohmann/json.hpp>

#include <string>

#include <algorithm>
#include <climits>

#include "api/generation_metadata.h"
#include "metadata/json_numbers.h"

namespace pixart {
namespace {

constexpr const char* kFormat = "pixart-studio";
constexpr int kVersion = 1;

using Json = nlohmann::json;

void read(const Json& j, const char* key, std::string& out) {
    if (auto it = j.find(key); it != j.end() && it->is_string()) out = it->get<std::string>();
}
void read(const Json& j, const char* key, int& out) {
    // Saturated, never wrapped: 4294967298 read as an int would be 2, a valid step count; as
    // INT_MAX it is refused by the request's range checks.
    if (auto it = j.find(key); it != j.end() && it->is_number_integer()) out = *json_to_int(*it);
}
void read(const Json& j, const char* key, std::uint64_t& out) {
    if (auto it = j.find(key); it != j.end() && it->is_number_unsigned())
        out = it->get<std::uint64_t>();
}
void read(const Json& j, const char* key, double& out) {
    if (auto it = j.find(key); it != j.end() && it->is_number()) out = it->get<double>();
}
void read(const Json& j, const char* key, bool& out) {
    if (auto it = j.find(key); it != j.end() && it->is_boolean()) out = it->get<bool>();
}

}  // namespace

std::string to_json(const GenerationMetadata& m) {
    Json j = {
        {"format", kFormat},
        {"version", kVersion},
        {"prompt", m.prompt},
        {"negative_prompt", m.negative_prompt},
        {"seed", m.seed},
        {"steps", m.steps},
        {"guidance_scale", m.guidance_scale},
        {"sampler", m.sampler},
        {"width", m.width},
        {"height", m.height},
        {"model", m.model},
        {"resolution_binning", m.resolution_binning},
        {"clean_caption", m.clean_caption},
        {"max_sequence_length", m.max_sequence_length},
        {"images_per_prompt", m.images_per_prompt},
        {"batch_size", m.batch_size},
        {"batch_index", m.batch_index},
        {"rng", m.rng},
        {"duration_seconds", m.duration_seconds},
        {"created", m.created},
        {"software", m.software},
    };
    if (m.strength > 0.0) {
        j["strength"] = m.strength;
        j["init_image"] = {{"path", m.init_image}, {"sha256", m.init_image_sha256}};
    }
    if (!m.loras.empty()) {
        Json loras = Json::array();
        for (const auto& lora : m.loras) {
            loras.push_back({{"name", lora_name(lora.path)},
                             {"file", lora.path},
                             {"strength", lora.strength},
                             {"sha256", lora.sha256},
                             {"autov2", lora_autov2(lora.sha256)}});
        }
        j["loras"] = loras;
    }
    if (!m.extra.empty()) j["extra"] = m.extra;
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<GenerationMetadata> parse_pixart_json(const std::string& text) {
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::exception&) {
        return std::nullopt;
    }
    if (!j.is_object()) return std::nullopt;
    std::string format;
    read(j, "format", format);
    if (format != kFormat) return std::nullopt;
    GenerationMetadata m;
    read(j, "prompt", m.prompt);
    read(j, "negative_prompt", m.negative_prompt);
    read(j, "seed", m.seed);
    read(j, "steps", m.steps);
    read(j, "guidance_scale", m.guidance_scale);
    read(j, "sampler", m.sampler);
    read(j, "width", m.width);
    read(j, "height", m.height);
    read(j, "model", m.model);
    read(j, "resolution_binning", m.resolution_binning);
    read(j, "clean_caption", m.clean_caption);
    read(j, "max_sequence_length", m.max_sequence_length);
    read(j, "images_per_prompt", m.images_per_prompt);
    read(j, "batch_size", m.batch_size);
    read(j, "batch_index", m.batch_index);
    read(j, "rng", m.rng);
    read(j, "duration_seconds", m.duration_seconds);
    read(j, "created", m.created);
    read(j, "software", m.software);
    read(j, "strength", m.strength);
    if (auto it = j.find("init_image"); it != j.end() && it->is_object()) {
        read(*it, "path", m.init_image);
        read(*it, "sha256", m.init_image_sha256);
    }
    if (auto it = j.find("loras"); it != j.end() && it->is_array()) {
        for (const auto& item : *it) {
            if (!item.is_object()) continue;
            LoraSpec lora;
            read(item, "file", lora.path);
            if (lora.path.empty()) read(item, "name", lora.path);
            read(item, "strength", lora.strength);
            read(item, "sha256", lora.sha256);
            if (!lora.path.empty() && m.loras.size() < static_cast<std::size_t>(kMaxLoras))
                m.loras.push_back(lora);
        }
    }
    if (auto it = j.find("extra"); it != j.end() && it->is_object()) {
        for (const auto& [key, value] : it->items()) {
            if (value.is_string()) m.extra[key] = value.get<std::string>();
        }
    }
    m.source = MetadataSource::PixArtStudio;
    return m;
}

}  // namespace pixart
