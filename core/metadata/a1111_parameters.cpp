// A1111 "infotext" (the `parameters` PNG chunk), written and read the way stable-diffusion-webui
// does it (modules/processing.py create_infotext, modules/infotext_utils.py
// parse_generation_parameters), so A1111, Forge, civitai and Diffusion Toolkit read ours and we
// read theirs.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "api/generation_metadata.h"

namespace pixart {
namespace {

constexpr int kDefaultMaxSequenceLength = 300;

// Python's repr(float): shortest round-trip digits, integral values keep ".0" (A1111 writes
// "CFG scale: 7.0").
std::string python_float(double v) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    std::string s(buffer, ec == std::errc() ? end : buffer);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

// A1111's quote(): values with ',', ':' or a newline become a JSON string (ensure_ascii=False).
std::string quote(const std::string& value) {
    if (value.find_first_of(",:\n") == std::string::npos) return value;
    return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string strip(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n\f\v");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n\f\v");
    return s.substr(first, last - first + 1);
}

// \w of Python's Unicode regexes, approximated for UTF-8: ASCII alphanumerics, '_', any non-ASCII.
bool word_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || u >= 0x80;
}
bool key_char(char c) { return word_char(c) || c == ' ' || c == '-' || c == '/'; }

// Python's re.findall with A1111's re_param:  \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)
// The key class excludes ':' so greedy matching without backtracking finds the same matches.
std::vector<std::pair<std::string, std::string>> find_params(const std::string& line) {
    std::vector<std::pair<std::string, std::string>> found;
    std::size_t start = 0;
    while (start < line.size()) {
        std::size_t i = start;
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        const std::size_t key_begin = i;
        if (i < line.size() && word_char(line[i])) {
            ++i;
            while (i < line.size() && key_char(line[i])) ++i;
        }
        if (i - key_begin < 2 || i >= line.size() || line[i] != ':') {
            ++start;
            continue;
        }
        std::string key = line.substr(key_begin, i - key_begin);
        ++i;
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        const std::size_t value_begin = i;
        std::size_t value_end = std::string::npos;
        if (i < line.size() && line[i] == '"') {  // a JSON string, if it closes before , or end
            std::size_t j = i + 1;
            while (j < line.size() && line[j] != '"') j += (line[j] == '\\') ? 2 : 1;
            if (j < line.size() && j > i + 1 && (j + 1 == line.size() || line[j + 1] == ',')) {
                value_end = j + 1;
            }
        }
        if (value_end == std::string::npos) value_end = line.find(',', value_begin);
        if (value_end == std::string::npos) value_end = line.size();
        found.emplace_back(strip(key), line.substr(value_begin, value_end - value_begin));
        start = value_end < line.size() && line[value_end] == ',' ? value_end + 1 : value_end;
        if (value_end == line.size()) break;
    }
    return found;
}

std::string unquote(const std::string& value) {
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return value;
    try {
        const auto parsed = nlohmann::json::parse(value);
        if (parsed.is_string()) return parsed.get<std::string>();
    } catch (const nlohmann::json::exception&) {
    }
    return value;
}

template <typename T>
bool parse_number(const std::string& text, T& out) {
    const std::string s = strip(text);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

bool parse_double(const std::string& text, double& out) {
    const std::string s = strip(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') return false;
    out = v;
    return true;
}

bool parse_bool(const std::string& text, bool& out) {
    const std::string s = strip(text);
    if (s == "True" || s == "true") return out = true, true;
    if (s == "False" || s == "false") return out = false, true;
    return false;
}

bool parse_size(const std::string& text, int& width, int& height) {
    const std::string s = strip(text);
    const auto x = s.find('x');
    return x != std::string::npos && parse_number(s.substr(0, x), width) &&
           parse_number(s.substr(x + 1), height);
}

// Applies one known key; false when the key is not ours or its value does not parse.
bool apply_param(GenerationMetadata& m, const std::string& key, const std::string& value) {
    if (key == "Steps") return parse_number(value, m.steps);
    if (key == "Sampler") return m.sampler = sampler_id_from_name(value), true;
    if (key == "CFG scale") return parse_double(value, m.guidance_scale);
    if (key == "Seed") return parse_number(value, m.seed);
    if (key == "Size") return parse_size(value, m.width, m.height);
    if (key == "Model") return m.model = value, true;
    if (key == "RNG") return m.rng = value, true;
    if (key == "Batch size") return parse_number(value, m.batch_size);
    if (key == "Batch pos") return parse_number(value, m.batch_index);
    if (key == "Clean caption") return parse_bool(value, m.clean_caption);
    if (key == "Resolution binning") return parse_bool(value, m.resolution_binning);
    if (key == "Max sequence length") return parse_number(value, m.max_sequence_length);
    if (key == "Denoising strength") return parse_double(value, m.strength);
    if (key == "Init image") return m.init_image = value, true;
    if (key == "Init image hash") return m.init_image_sha256 = value, true;
    return false;
}

bool is_our_key(const std::string& key) {
    static const char* const keys[] = {"Steps",
                                       "Sampler",
                                       "CFG scale",
                                       "Seed",
                                       "Size",
                                       "Model",
                                       "RNG",
                                       "Batch size",
                                       "Batch pos",
                                       "Clean caption",
                                       "Resolution binning",
                                       "Max sequence length",
                                       "Denoising strength",
                                       "Init image",
                                       "Init image hash"};
    for (const char* k : keys) {
        if (key == k) return true;
    }
    return false;
}

}  // namespace

namespace {

// <lora:name:strength> tags out of the prompt into m.loras (the prompt the model sees has none),
// with "Lora hashes" (name: autov2) as their hashes.
void take_lora_tags(GenerationMetadata& m) {
    std::map<std::string, std::string> hashes;
    if (const auto it = m.extra.find("Lora hashes"); it != m.extra.end()) {
        std::size_t begin = 0;
        const std::string& text = it->second;
        while (begin < text.size()) {
            auto end = text.find(',', begin);
            if (end == std::string::npos) end = text.size();
            const std::string item = text.substr(begin, end - begin);
            const auto colon = item.rfind(':');
            if (colon != std::string::npos)
                hashes[strip(item.substr(0, colon))] = strip(item.substr(colon + 1));
            begin = end + 1;
        }
    }
    std::string prompt;
    std::size_t at = 0;
    while (true) {
        const auto open = m.prompt.find("<lora:", at);
        const auto close = open == std::string::npos ? open : m.prompt.find('>', open);
        if (close == std::string::npos) {
            prompt += m.prompt.substr(at);
            break;
        }
        prompt += m.prompt.substr(at, open - at);
        const std::string body = m.prompt.substr(open + 6, close - open - 6);
        LoraSpec lora;
        const auto colon = body.find(':');
        lora.path = body.substr(0, colon);
        if (colon != std::string::npos) {
            std::string number = body.substr(colon + 1);
            if (const auto second = number.find(':'); second != std::string::npos)
                number = number.substr(0, second);  // <lora:name:unet:te> keeps the first
            parse_double(number, lora.strength);
        }
        if (const auto it = hashes.find(lora.path); it != hashes.end()) lora.sha256 = it->second;
        if (!lora.path.empty() && m.loras.size() < static_cast<std::size_t>(kMaxLoras))
            m.loras.push_back(lora);
        at = close + 1;
    }
    m.prompt = strip(prompt);
    // The hashes now belong to the tags; without tags they stay as another tool's field.
    if (!m.loras.empty()) m.extra.erase("Lora hashes");
}

}  // namespace

std::string to_a1111_parameters(const GenerationMetadata& m) {
    std::vector<std::pair<std::string, std::string>> params;
    params.emplace_back("Steps", std::to_string(m.steps));
    params.emplace_back("Sampler", sampler_display_name(m.sampler));
    params.emplace_back("CFG scale", python_float(m.guidance_scale));
    params.emplace_back("Seed", std::to_string(m.seed));
    if (m.width > 0 && m.height > 0) {
        params.emplace_back("Size", std::to_string(m.width) + "x" + std::to_string(m.height));
    }
    if (!m.model.empty()) params.emplace_back("Model", m.model);
    if (!m.rng.empty()) params.emplace_back("RNG", m.rng);
    if (m.batch_size > 1) {
        params.emplace_back("Batch size", std::to_string(m.batch_size));
        params.emplace_back("Batch pos", std::to_string(m.batch_index));
    }
    if (m.clean_caption) params.emplace_back("Clean caption", "True");
    if (!m.resolution_binning) params.emplace_back("Resolution binning", "False");
    if (m.max_sequence_length != kDefaultMaxSequenceLength) {
        params.emplace_back("Max sequence length", std::to_string(m.max_sequence_length));
    }
    if (m.strength > 0.0) {
        params.emplace_back("Denoising strength", python_float(m.strength));
        if (!m.init_image.empty()) params.emplace_back("Init image", m.init_image);
        if (!m.init_image_sha256.empty())
            params.emplace_back("Init image hash", m.init_image_sha256);
    }
    const bool our_lora_hashes = std::any_of(m.loras.begin(), m.loras.end(),
                                             [](const LoraSpec& l) { return !l.sha256.empty(); });
    for (const auto& [key, value] : m.extra) {
        if (key == "Lora hashes" && our_lora_hashes) continue;
        if (!is_our_key(key)) params.emplace_back(key, value);
    }

    if (!m.loras.empty()) {
        std::string hashes;
        for (const auto& lora : m.loras) {
            if (lora.sha256.empty()) continue;
            hashes += (hashes.empty() ? "" : ", ") + lora_name(lora.path) + ": " +
                      lora_autov2(lora.sha256);
        }
        if (!hashes.empty()) params.emplace_back("Lora hashes", hashes);
    }
    std::string line;
    for (const auto& [key, value] : params) {
        if (!line.empty()) line += ", ";
        line += key + ": " + quote(value);
    }
    std::string text = m.prompt;
    // A1111 keeps LoRAs in the prompt as <lora:name:strength> (removed before encoding).
    for (const auto& lora : m.loras)
        text += " <lora:" + lora_name(lora.path) + ":" + python_float(lora.strength) + ">";
    if (!m.negative_prompt.empty()) text += "\nNegative prompt: " + m.negative_prompt;
    text += "\n" + line;
    return strip(text);
}

std::optional<GenerationMetadata> parse_a1111_parameters(const std::string& text) {
    std::vector<std::string> lines;
    {
        const std::string body = strip(text);
        std::size_t begin = 0;
        while (true) {
            const auto nl = body.find('\n', begin);
            lines.push_back(
                body.substr(begin, nl == std::string::npos ? std::string::npos : nl - begin));
            if (nl == std::string::npos) break;
            begin = nl + 1;
        }
    }
    const auto params = find_params(lines.back());
    if (params.size() < 3) return std::nullopt;  // no parameter line: not infotext
    const bool has_our_key = std::any_of(params.begin(), params.end(),
                                         [](const auto& param) { return is_our_key(param.first); });
    if (!has_our_key) return std::nullopt;  // "key: value" pairs, but none we know: not ours
    lines.pop_back();

    GenerationMetadata m;
    m.source = MetadataSource::A1111;
    m.sampler.clear();
    m.rng.clear();
    bool negative = false;
    for (std::string line : lines) {
        line = strip(line);
        if (line.rfind("Negative prompt:", 0) == 0) {
            negative = true;
            line = strip(line.substr(16));
        }
        std::string& target = negative ? m.negative_prompt : m.prompt;
        target += (target.empty() ? "" : "\n") + line;
    }
    for (const auto& [key, raw] : params) {
        const std::string value = unquote(raw);
        if (!apply_param(m, key, value)) m.extra[key] = value;
    }
    take_lora_tags(m);
    // A1111 >= 1.9 writes "Sampler: DPM++ 2M, Schedule type: Karras".
    if (const auto it = m.extra.find("Schedule type"); it != m.extra.end())
        m.sampler = sampler_id_with_schedule(m.sampler, it->second);
    return m;
}

}  // namespace pixart
