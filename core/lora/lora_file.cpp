#include "lora/lora_file.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "loading/safetensors_file.h"
#include "loading/tensor_loading.h"

namespace pixart {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// A tensor name's role: the suffix after the layer's stem, and the format it belongs to.
struct Role {
    const char* suffix;
    const char* role;
    std::optional<LoraFormat> format;  // nullopt: shared (alpha)
};

constexpr Role kRoles[] = {
    {".lora_A.weight", "down", LoraFormat::Peft},
    {".lora_B.weight", "up", LoraFormat::Peft},
    {".lora_down.weight", "down", LoraFormat::Kohya},
    {".lora_up.weight", "up", LoraFormat::Kohya},
    {".hada_w1_a", "w1a", LoraFormat::LoHa},
    {".hada_w1_b", "w1b", LoraFormat::LoHa},
    {".hada_w2_a", "w2a", LoraFormat::LoHa},
    {".hada_w2_b", "w2b", LoraFormat::LoHa},
    {".lokr_w1_a", "w1a", LoraFormat::LoKr},
    {".lokr_w1_b", "w1b", LoraFormat::LoKr},
    {".lokr_w2_a", "w2a", LoraFormat::LoKr},
    {".lokr_w2_b", "w2b", LoraFormat::LoKr},
    {".lokr_w1", "w1", LoraFormat::LoKr},
    {".lokr_w2", "w2", LoraFormat::LoKr},
    {".alpha", "alpha", std::nullopt},
};

const char* const kPeftPrefixes[] = {"base_model.model.transformer.", "base_model.model.",
                                     "transformer."};
const char* const kKohyaPrefixes[] = {"lora_unet_", "lora_transformer_"};

std::string shape_text(const std::vector<std::int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

// alpha from adapter_config.json beside the file (PEFT's lora_alpha) or the file's metadata.
std::optional<double> file_alpha(const std::string& path, const SafetensorsFile& file) {
    const auto config = std::filesystem::path(path).parent_path() / "adapter_config.json";
    std::ifstream in(config);
    if (in) {
        try {
            const auto j = nlohmann::json::parse(in);
            if (j.contains("lora_alpha") && j["lora_alpha"].is_number())
                return j["lora_alpha"].get<double>();
        } catch (const nlohmann::json::exception&) {
        }
    }
    for (const char* key : {"lora_alpha", "ss_network_alpha", "alpha"}) {
        const auto it = file.metadata().find(key);
        if (it == file.metadata().end()) continue;
        try {
            return std::stod(it->second);
        } catch (const std::exception&) {
        }
    }
    return std::nullopt;
}

}  // namespace

const char* lora_format_name(LoraFormat format) noexcept {
    switch (format) {
        case LoraFormat::Peft:
            return "PEFT/diffusers";
        case LoraFormat::Kohya:
            return "kohya";
        case LoraFormat::LoHa:
            return "LyCORIS LoHa";
        case LoraFormat::LoKr:
            return "LyCORIS LoKr";
    }
    return "unknown";
}

double LoraLayer::scale() const {
    std::int64_t rank = 0;
    const auto get = [this](const char* role) {
        const auto it = tensors.find(role);
        return it == tensors.end() ? torch::Tensor() : it->second;
    };
    if (format == LoraFormat::Peft || format == LoraFormat::Kohya) {
        rank = get("down").size(0);
    } else if (format == LoraFormat::LoHa) {
        rank = get("w1b").size(0);
    } else {  // LoKr: the rank of a decomposed factor; full factors ignore alpha
        if (get("w2b").defined())
            rank = get("w2b").size(0);
        else if (get("w1b").defined())
            rank = get("w1b").size(0);
        else
            return 1.0;
    }
    return alpha && rank > 0 ? *alpha / static_cast<double>(rank) : 1.0;
}

std::optional<std::vector<std::int64_t>> LoraLayer::update_shape() const {
    using Shape = std::vector<std::int64_t>;
    // The shape of a @ b, or nullopt.
    const auto product = [this](const char* a, const char* b) -> std::optional<Shape> {
        const torch::Tensor& left = tensors.at(a);
        const torch::Tensor& right = tensors.at(b);
        if (left.size(1) != right.size(0)) return std::nullopt;
        return Shape{left.size(0), right.size(1)};
    };
    const auto factor = [&](const char* whole, const char* a,
                            const char* b) -> std::optional<Shape> {
        if (tensors.count(whole)) return tensors.at(whole).sizes().vec();
        return product(a, b);
    };
    switch (format) {
        case LoraFormat::Peft:
        case LoraFormat::Kohya:
            return product("up", "down");
        case LoraFormat::LoHa: {
            const auto first = product("w1a", "w1b");
            const auto second = product("w2a", "w2b");
            if (!first || !second || *first != *second) return std::nullopt;
            return first;
        }
        case LoraFormat::LoKr: {
            const auto w1 = factor("w1", "w1a", "w1b");
            const auto w2 = factor("w2", "w2a", "w2b");
            if (!w1 || !w2) return std::nullopt;
            return Shape{(*w1)[0] * (*w2)[0], (*w1)[1] * (*w2)[1]};
        }
    }
    return std::nullopt;
}

torch::Tensor LoraLayer::delta() const {
    const auto get = [this](const char* role) { return tensors.at(role); };
    torch::Tensor update;
    switch (format) {
        case LoraFormat::Peft:
        case LoraFormat::Kohya:
            update = torch::matmul(get("up"), get("down"));
            break;
        case LoraFormat::LoHa:
            update = torch::matmul(get("w1a"), get("w1b")) * torch::matmul(get("w2a"), get("w2b"));
            break;
        case LoraFormat::LoKr: {
            const torch::Tensor w1 =
                tensors.count("w1") ? get("w1") : torch::matmul(get("w1a"), get("w1b"));
            const torch::Tensor w2 =
                tensors.count("w2") ? get("w2") : torch::matmul(get("w2a"), get("w2b"));
            update = torch::kron(w1, w2);
            break;
        }
    }
    return update * scale();
}

LoraFile read_lora(const std::string& path,
                   const std::map<std::string, std::vector<std::int64_t>>& linear_modules) {
    const SafetensorsFile file(path);  // validated; CorruptFile otherwise
    // kohya names: the module name with '.' -> '_'.
    std::map<std::string, std::string> by_kohya_name;
    for (const auto& [module, shape] : linear_modules) {
        std::string flat = module;
        std::replace(flat.begin(), flat.end(), '.', '_');
        by_kohya_name[flat] = module;
    }

    std::map<std::string, LoraLayer> layers;  // by stem
    std::vector<std::string> unknown;
    for (const TensorInfo& info : file.tensors()) {
        const Role* role = nullptr;
        for (const Role& r : kRoles) {
            if (ends_with(info.name, r.suffix)) {
                role = &r;
                break;
            }
        }
        if (role == nullptr) {
            unknown.push_back(info.name);
            continue;
        }
        // PEFT prefixes are dropped here, so that an alpha named with or without one joins its
        // layer (kohya stems keep their lora_unet_ prefix).
        std::string stem = info.name.substr(0, info.name.size() - std::strlen(role->suffix));
        for (const char* prefix : kPeftPrefixes) {
            if (starts_with(stem, prefix)) {
                stem = stem.substr(std::strlen(prefix));
                break;
            }
        }
        LoraLayer& layer = layers[stem];
        layer.source = stem;
        const torch::Tensor tensor = read_tensor(file, info, torch::kFloat32);
        if (!role->format) {
            if (tensor.numel() != 1)
                unknown.push_back(info.name + " (alpha is not a scalar)");
            else
                layer.alpha = tensor.reshape({}).item<double>();
            continue;
        }
        layer.format = *role->format;
        layer.tensors[role->role] = tensor;
    }
    if (!unknown.empty() || layers.empty()) {
        std::string list;
        for (std::size_t i = 0; i < std::min<std::size_t>(unknown.size(), 5); ++i)
            list += (i ? ", " : "") + unknown[i];
        throw Error(ErrorKind::ModelFolder,
                    path +
                        ": not a LoRA in a known format (PEFT/diffusers lora_A/lora_B, kohya "
                        "lora_down/lora_up, LyCORIS LoHa or LoKr)" +
                        (list.empty() ? std::string(": no tensors") : ": tensors like " + list));
    }

    const std::optional<double> default_alpha = file_alpha(path, file);
    LoraFile result;
    result.path = path;
    std::set<LoraFormat> formats;
    std::vector<std::string> problems;
    for (auto& [stem, layer] : layers) {
        // The module it targets.
        std::string module;
        if (layer.format == LoraFormat::Peft) {
            module = stem;
        } else {
            for (const char* prefix : kKohyaPrefixes) {
                if (!starts_with(stem, prefix)) continue;
                const auto it = by_kohya_name.find(stem.substr(std::strlen(prefix)));
                if (it != by_kohya_name.end()) module = it->second;
                break;
            }
        }
        const auto target = linear_modules.find(module);
        if (module.empty() || target == linear_modules.end()) {
            problems.push_back(stem + ": no such layer in the transformer");
            continue;
        }
        layer.module = module;
        if (!layer.alpha && layer.format == LoraFormat::Peft) layer.alpha = default_alpha;
        // Every role the format needs, then the update's shape.
        const auto has = [&layer](const char* role) { return layer.tensors.count(role) > 0; };
        bool complete = true;
        switch (layer.format) {
            case LoraFormat::Peft:
            case LoraFormat::Kohya:
                complete = has("down") && has("up");
                break;
            case LoraFormat::LoHa:
                complete = has("w1a") && has("w1b") && has("w2a") && has("w2b");
                break;
            case LoraFormat::LoKr:
                complete = (has("w1") || (has("w1a") && has("w1b"))) &&
                           (has("w2") || (has("w2a") && has("w2b")));
                break;
        }
        if (!complete) {
            problems.push_back(stem + ": incomplete " + lora_format_name(layer.format) + " layer");
            continue;
        }
        for (const auto& [role, tensor] : layer.tensors) {
            if (tensor.dim() != 2) {
                problems.push_back(stem + ": " + role +
                                   " is not a matrix (convolution LoRAs do "
                                   "not apply to this transformer)");
                complete = false;
            }
        }
        if (!complete) continue;
        const auto shape = layer.update_shape();
        if (!shape) {
            problems.push_back(stem + ": its matrices do not multiply");
            continue;
        }
        if (*shape != target->second) {
            problems.push_back(stem + ": makes " + shape_text(*shape) + ", the layer is " +
                               shape_text(target->second));
            continue;
        }
        formats.insert(layer.format);
        result.layers.push_back(std::move(layer));
    }
    if (!problems.empty()) {
        std::string list;
        for (std::size_t i = 0; i < std::min<std::size_t>(problems.size(), 20); ++i)
            list += "\n  " + problems[i];
        if (problems.size() > 20)
            list += "\n  … and " + std::to_string(problems.size() - 20) + " more";
        throw Error(ErrorKind::ModelFolder,
                    path + ": " + std::to_string(problems.size()) +
                        " layer(s) do not fit this transformer, nothing was applied:" + list);
    }
    result.formats.assign(formats.begin(), formats.end());
    return result;
}

}  // namespace pixart
