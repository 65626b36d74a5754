// Reads InvokeAI's metadata: the "invokeai_metadata" chunk of 3.x/4.x (a flat object:
// positive_prompt, negative_prompt, seed, steps, cfg_scale, scheduler, width, height, model) and
// the "sd-metadata" chunk of 2.x ({"model_weights", "image": {"prompt", "seed", ...}}).
#include <nlohmann/json.hpp>

#include <string>

#include "api/generation_metadata.h"
#include "metadata/json_numbers.h"

namespace pixart {
namespace {

using Json = nlohmann::json;

void read_number(const Json& j, const char* key, int& out) {
    if (auto it = j.find(key); it != j.end()) {
        if (const auto value = json_to_int(*it)) out = *value;
    }
}
void read_number(const Json& j, const char* key, double& out) {
    if (auto it = j.find(key); it != j.end() && it->is_number()) out = it->get<double>();
}
void read_string(const Json& j, const char* key, std::string& out) {
    if (auto it = j.find(key); it != j.end() && it->is_string()) out = it->get<std::string>();
}

// InvokeAI names the model differently per version: a string, or {model_name | name | key}.
std::string model_name(const Json& model) {
    if (model.is_string()) return model.get<std::string>();
    if (!model.is_object()) return {};
    for (const char* key : {"model_name", "name", "key"}) {
        if (auto it = model.find(key); it != model.end() && it->is_string())
            return it->get<std::string>();
    }
    return {};
}

std::optional<GenerationMetadata> parse_v3(const Json& j) {
    if (!j.contains("positive_prompt") && !j.contains("seed")) return std::nullopt;
    GenerationMetadata m;
    m.source = MetadataSource::InvokeAI;
    read_string(j, "positive_prompt", m.prompt);
    read_string(j, "negative_prompt", m.negative_prompt);
    if (auto it = j.find("seed");
        it != j.end() && it->is_number_integer() && it->get<long long>() >= 0) {
        m.seed = it->get<std::uint64_t>();
    }
    read_number(j, "steps", m.steps);
    read_number(j, "cfg_scale", m.guidance_scale);
    read_number(j, "width", m.width);
    read_number(j, "height", m.height);
    std::string scheduler;
    read_string(j, "scheduler", scheduler);
    if (!scheduler.empty()) m.sampler = sampler_id_from_name(scheduler);
    if (auto it = j.find("model"); it != j.end()) m.model = model_name(*it);
    std::string device;
    read_string(j, "rand_device", device);
    m.rng = device == "cpu" ? "CPU" : device == "cuda" ? "GPU" : device;
    return m;
}

std::optional<GenerationMetadata> parse_v2(const Json& j) {
    const auto image = j.find("image");
    if (image == j.end() || !image->is_object()) return std::nullopt;
    GenerationMetadata m;
    m.source = MetadataSource::InvokeAI;
    m.rng.clear();
    if (auto p = image->find("prompt"); p != image->end()) {
        if (p->is_string()) {
            m.prompt = p->get<std::string>();
        } else if (p->is_array() && !p->empty() && (*p)[0].is_object()) {
            read_string((*p)[0], "prompt", m.prompt);
        }
    }
    if (auto it = image->find("seed");
        it != image->end() && it->is_number_integer() && it->get<long long>() >= 0) {
        m.seed = it->get<std::uint64_t>();
    }
    read_number(*image, "steps", m.steps);
    read_number(*image, "cfg_scale", m.guidance_scale);
    read_number(*image, "width", m.width);
    read_number(*image, "height", m.height);
    std::string sampler;
    read_string(*image, "sampler", sampler);
    if (!sampler.empty()) m.sampler = sampler_id_from_name(sampler);
    read_string(j, "model_weights", m.model);
    return m;
}

}  // namespace

std::optional<GenerationMetadata> parse_invokeai_metadata(const std::string& text) {
    try {
        const Json j = Json::parse(text);
        if (!j.is_object()) return std::nullopt;
        if (auto m = parse_v3(j)) return m;
        return parse_v2(j);
    } catch (const Json::exception&) {
        return std::nullopt;
    }
}

}  // namespace pixart
