// Reads generation settings out of ComfyUI's PNG chunks. "prompt" is the API graph
// ({node id: {class_type, inputs}}, an input being a value or a [node id, slot] link); "workflow"
// is the editor graph (nodes with unnamed widgets_values + a links table), which we translate into
// the API form for the node types whose widget order is known. From the sampler node we follow
// links upstream to the prompt text, the latent size and the checkpoint name.
#include <nlohmann/json.hpp>

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/generation_metadata.h"
#include "metadata/json_numbers.h"

namespace pixart {
namespace {

using Json = nlohmann::json;

bool is_link(const Json& v) {
    return v.is_array() && v.size() == 2 && (v[0].is_string() || v[0].is_number_integer());
}

std::string node_id(const Json& v) {
    return v.is_string() ? v.get<std::string>() : std::to_string(v.get<long long>());
}

const Json* find_node(const Json& graph, const std::string& id) {
    const auto it = graph.find(id);
    if (it == graph.end() || !it->is_object()) return nullptr;
    const auto inputs = it->find("inputs");
    return inputs != it->end() && inputs->is_object() ? &*inputs : nullptr;
}

// Breadth-first search upstream from `link` through every linked input, at most 64 nodes, for the
// first node where `pick` finds what it looks for.
const Json* search_upstream(const Json& graph, const Json& link,
                            const std::function<const Json*(const Json& inputs)>& pick) {
    if (!is_link(link)) return nullptr;
    std::deque<std::string> queue{node_id(link[0])};
    std::set<std::string> seen;
    while (!queue.empty() && seen.size() < 64) {
        const std::string id = queue.front();
        queue.pop_front();
        if (!seen.insert(id).second) continue;
        const Json* inputs = find_node(graph, id);
        if (!inputs) continue;
        if (const Json* found = pick(*inputs)) return found;
        for (const auto& [key, value] : inputs->items()) {
            if (is_link(value)) queue.push_back(node_id(value[0]));
        }
    }
    return nullptr;
}

// A picker that returns the first of `keys` holding a value of the wanted kind.
std::function<const Json*(const Json&)> first_of(std::vector<std::string> keys, bool want_string) {
    return [keys = std::move(keys), want_string](const Json& inputs) -> const Json* {
        for (const auto& key : keys) {
            const auto it = inputs.find(key);
            if (it != inputs.end() && (want_string ? it->is_string() : it->is_number()))
                return &*it;
        }
        return nullptr;
    };
}

// inputs[key] as a value, or followed upstream when it is a link.
const Json* value_of(const Json& graph, const Json& inputs, const std::string& key,
                     const std::vector<std::string>& upstream_keys, bool want_string) {
    const auto it = inputs.find(key);
    if (it == inputs.end()) return nullptr;
    if (want_string ? it->is_string() : it->is_number()) return &*it;
    return search_upstream(graph, *it, first_of(upstream_keys, want_string));
}

const std::vector<std::string> kTextKeys = {"text",  "text_g",         "prompt",       "string",
                                            "value", "populated_text", "text_positive"};
const std::vector<std::string> kModelKeys = {"ckpt_name", "unet_name", "model_name", "model_path",
                                             "model"};

std::optional<GenerationMetadata> parse_api_graph(const Json& graph) {
    if (!graph.is_object()) return std::nullopt;
    // The first-pass sampler: a node with a positive (or guider) link and a seed (or noise); the
    // lowest numeric id wins when a workflow has several (hires fix, refiners).
    const Json* sampler = nullptr;
    long long sampler_id = 0;
    for (const auto& [id, node] : graph.items()) {
        if (!node.is_object() || !node.contains("inputs") || !node["inputs"].is_object()) continue;
        const Json& in = node["inputs"];
        const bool conditioned = in.contains("positive") || in.contains("guider");
        const bool seeded =
            in.contains("seed") || in.contains("noise_seed") || in.contains("noise");
        if (!conditioned || !seeded) continue;
        long long numeric = 0;
        try {
            numeric = std::stoll(id);
        } catch (const std::exception&) {
        }
        if (!sampler || numeric < sampler_id) {
            sampler = &in;
            sampler_id = numeric;
        }
    }
    if (!sampler) return std::nullopt;
    const Json& in = *sampler;

    // SamplerCustomAdvanced keeps its conditioning and cfg in a guider node.
    const Json* conditioning = &in;
    if (!in.contains("positive") && in.contains("guider") && is_link(in["guider"])) {
        conditioning = find_node(graph, node_id(in["guider"][0]));
        if (!conditioning) return std::nullopt;
    }

    GenerationMetadata m;
    m.source = MetadataSource::ComfyUI;
    m.rng.clear();
    if (const Json* t = value_of(graph, *conditioning, "positive", kTextKeys, true)) {
        m.prompt = t->get<std::string>();
    }
    if (const Json* t = value_of(graph, *conditioning, "negative", kTextKeys, true)) {
        m.negative_prompt = t->get<std::string>();
    }
    const Json* seed = value_of(graph, in, "seed", {"seed", "noise_seed", "value"}, false);
    if (!seed) seed = value_of(graph, in, "noise_seed", {"noise_seed", "seed", "value"}, false);
    if (!seed) seed = value_of(graph, in, "noise", {"noise_seed", "seed", "value"}, false);
    if (seed && (seed->is_number_unsigned() ||
                 (seed->is_number_integer() && seed->get<long long>() >= 0))) {
        m.seed = seed->get<std::uint64_t>();
    }
    const Json* steps = value_of(graph, in, "steps", {"steps", "value"}, false);
    if (!steps) steps = value_of(graph, in, "sigmas", {"steps"}, false);
    if (steps && steps->is_number_integer()) m.steps = *json_to_int(*steps);
    if (const Json* cfg = value_of(graph, *conditioning, "cfg", {"cfg", "value"}, false)) {
        m.guidance_scale = cfg->get<double>();
    }
    const Json* sampler_name = value_of(graph, in, "sampler_name", {"sampler_name"}, true);
    if (!sampler_name) sampler_name = value_of(graph, in, "sampler", {"sampler_name"}, true);
    if (sampler_name) m.sampler = sampler_id_from_name(sampler_name->get<std::string>());
    if (const Json* scheduler = value_of(graph, in, "scheduler", {"scheduler"}, true)) {
        m.extra["Schedule type"] = scheduler->get<std::string>();
        m.sampler = sampler_id_with_schedule(m.sampler, m.extra["Schedule type"]);
    }
    if (const auto latent = in.find("latent_image"); latent != in.end()) {
        const Json* size = search_upstream(graph, *latent, [](const Json& inputs) -> const Json* {
            const auto w = inputs.find("width");
            const auto h = inputs.find("height");
            return w != inputs.end() && h != inputs.end() && w->is_number_integer() &&
                           h->is_number_integer()
                       ? &inputs
                       : nullptr;
        });
        if (size) {
            m.width = *json_to_int((*size)["width"]);
            m.height = *json_to_int((*size)["height"]);
            if (const auto b = size->find("batch_size");
                b != size->end() && b->is_number_integer()) {
                m.batch_size = *json_to_int(*b);
            }
        }
    }
    if (const auto model = in.find("model"); model != in.end()) {
        if (const Json* name = search_upstream(graph, *model, first_of(kModelKeys, true))) {
            m.model = name->get<std::string>();
        }
    }
    return m;
}

// Widget order of the editor's node types we translate (ComfyUI's INPUT_TYPES order, with the
// seed widget's "control_after_generate" companion after it).
const std::map<std::string, std::vector<std::string>>& widget_names() {
    static const std::map<std::string, std::vector<std::string>> names = {
        {"KSampler", {"seed", "", "steps", "cfg", "sampler_name", "scheduler", "denoise"}},
        {"KSamplerAdvanced",
         {"add_noise", "noise_seed", "", "steps", "cfg", "sampler_name", "scheduler",
          "start_at_step", "end_at_step", "return_with_leftover_noise"}},
        {"CLIPTextEncode", {"text"}},
        {"PixArtT5TextEncode", {"text"}},
        {"T5TextEncode", {"text"}},
        {"EmptyLatentImage", {"width", "height", "batch_size"}},
        {"EmptySD3LatentImage", {"width", "height", "batch_size"}},
        {"CheckpointLoaderSimple", {"ckpt_name"}},
        {"PixArtCheckpointLoader", {"ckpt_name", "model"}},
        {"UNETLoader", {"unet_name", "weight_dtype"}},
        {"RandomNoise", {"noise_seed", ""}},
        {"BasicScheduler", {"scheduler", "steps", "denoise"}},
        {"KSamplerSelect", {"sampler_name"}},
        {"CFGGuider", {"cfg"}},
        {"PrimitiveNode", {"value", ""}},
    };
    return names;
}

// The editor graph as an API graph: linked inputs become [origin id, slot], known widgets get
// names.
Json workflow_to_api(const Json& workflow) {
    Json graph = Json::object();
    if (!workflow.is_object() || !workflow.contains("nodes") || !workflow["nodes"].is_array()) {
        return graph;
    }
    std::map<long long, Json> links;  // link id → [origin node id, origin slot]
    if (const auto it = workflow.find("links"); it != workflow.end() && it->is_array()) {
        for (const auto& link : *it) {
            if (link.is_array() && link.size() >= 3 && link[0].is_number_integer() &&
                link[1].is_number_integer()) {
                links[link[0].get<long long>()] =
                    Json::array({std::to_string(link[1].get<long long>()), link[2]});
            } else if (link.is_object() && link.contains("id") && link.contains("origin_id")) {
                const auto slot = link.find("origin_slot");
                links[link["id"].get<long long>()] =
                    Json::array({std::to_string(link["origin_id"].get<long long>()),
                                 slot != link.end() ? *slot : Json(0)});
            }
        }
    }
    for (const auto& node : workflow["nodes"]) {
        if (!node.is_object() || !node.contains("id") || !node["id"].is_number_integer()) continue;
        Json inputs = Json::object();
        const auto type_it = node.find("type");
        const std::string type =
            type_it != node.end() && type_it->is_string() ? type_it->get<std::string>() : "";
        const auto widgets = node.find("widgets_values");
        if (const auto names = widget_names().find(type);
            names != widget_names().end() && widgets != node.end() && widgets->is_array()) {
            for (std::size_t i = 0; i < names->second.size() && i < widgets->size(); ++i) {
                if (!names->second[i].empty()) inputs[names->second[i]] = (*widgets)[i];
            }
        }
        if (const auto in = node.find("inputs"); in != node.end() && in->is_array()) {
            for (const auto& input : *in) {
                if (!input.is_object() || !input.contains("name") || !input.contains("link"))
                    continue;
                const auto& link = input["link"];
                if (!link.is_number_integer()) continue;
                if (const auto l = links.find(link.get<long long>()); l != links.end()) {
                    inputs[input["name"].get<std::string>()] = l->second;
                }
            }
        }
        graph[std::to_string(node["id"].get<long long>())] = {{"class_type", type},
                                                              {"inputs", inputs}};
    }
    return graph;
}

}  // namespace

std::optional<GenerationMetadata> parse_comfyui_prompt(const std::string& text) {
    try {
        return parse_api_graph(Json::parse(text));
    } catch (const Json::exception&) {
        return std::nullopt;
    }
}

std::optional<GenerationMetadata> parse_comfyui_workflow(const std::string& text) {
    try {
        return parse_api_graph(workflow_to_api(Json::parse(text)));
    } catch (const Json::exception&) {
        return std::nullopt;
    }
}

}  // namespace pixart
