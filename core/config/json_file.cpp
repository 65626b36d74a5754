#include "config/json_file.h"

#include <cstdint>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "api/errors.h"

namespace pixart {

std::string quote_non_finite_numbers(const std::string& text) {
    // Python's json module writes NaN / Infinity / -Infinity (e.g. the scheduler's
    // "lambda_min_clipped": -Infinity), which strict JSON parsers reject. Quote them outside
    // strings; number getters turn the quoted forms back into doubles.
    std::string out;
    out.reserve(text.size() + 16);
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) out += text[++i];
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            out += c;
            continue;
        }
        bool replaced = false;
        for (const char* token : {"-Infinity", "Infinity", "NaN"}) {
            const std::size_t n = std::char_traits<char>::length(token);
            if (text.compare(i, n, token) == 0) {
                out += '"';
                out += token;
                out += '"';
                i += n - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced) out += c;
    }
    return out;
}

JsonFile::JsonFile(const std::string& path) : path_(path) {
    // Status without throwing (a link loop throws from exists()), and regular files only: a
    // folder cannot be read and a pipe would block for ever.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found)
        throw Error(ErrorKind::ModelFolder, path + ": missing");
    if (ec) throw Error(ErrorKind::ModelFolder, path + ": cannot be read (" + ec.message() + ")");
    if (status.type() != std::filesystem::file_type::regular)
        throw Error(ErrorKind::ModelFolder, path + ": is not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, path + ": cannot open");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
        json_ = nlohmann::json::parse(quote_non_finite_numbers(text));
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::CorruptFile, path + ": not well-formed JSON (" + e.what() + ")");
    }
    if (!json_.is_object()) throw Error(ErrorKind::CorruptFile, path + ": not a JSON object");
}

bool JsonFile::has(const std::string& key) const {
    return json_.contains(key) && !json_[key].is_null();
}

namespace {
[[noreturn]] void bad_key(const std::string& path, const std::string& key, const char* expected) {
    throw Error(ErrorKind::ModelFolder, path + ": key \"" + key + "\" is missing or not " + expected);
}
}  // namespace

namespace {

// An integer JSON value within [min, max], or a ModelFolder error naming the key and the range.
int bounded_int(const std::string& path, const std::string& key, const nlohmann::json& value,
                int min, int max) {
    const bool too_large = value.is_number_unsigned() &&
                           value.get<std::uint64_t>() > static_cast<std::uint64_t>(max);
    const auto v = too_large ? std::int64_t{0} : value.get<std::int64_t>();
    if (too_large || v < min || v > max) {
        throw Error(ErrorKind::ModelFolder, path + ": \"" + key + "\" = " + value.dump() +
                                                " is out of range (" + std::to_string(min) + ".." +
                                                std::to_string(max) + ")");
    }
    return static_cast<int>(v);
}

}  // namespace

int JsonFile::require_int(const std::string& key, int min, int max) const {
    if (!has(key) || !json_[key].is_number_integer()) bad_key(path_, key, "an integer");
    return bounded_int(path_, key, json_[key], min, max);
}

namespace {
bool non_finite(const nlohmann::json& v, double* out) {
    if (!v.is_string()) return false;
    const auto s = v.get<std::string>();
    if (s == "-Infinity") *out = -std::numeric_limits<double>::infinity();
    else if (s == "Infinity") *out = std::numeric_limits<double>::infinity();
    else if (s == "NaN") *out = std::numeric_limits<double>::quiet_NaN();
    else return false;
    return true;
}
}  // namespace

double JsonFile::require_number(const std::string& key) const {
    double special = 0;
    if (has(key) && non_finite(json_[key], &special)) return special;
    if (!has(key) || !json_[key].is_number()) bad_key(path_, key, "a number");
    return json_[key].get<double>();
}

std::string JsonFile::require_string(const std::string& key) const {
    if (!has(key) || !json_[key].is_string()) bad_key(path_, key, "a string");
    return json_[key].get<std::string>();
}

std::vector<int> JsonFile::require_int_list(const std::string& key, int min, int max) const {
    if (!has(key) || !json_[key].is_array()) bad_key(path_, key, "a list of integers");
    std::vector<int> values;
    for (const auto& v : json_[key]) {
        if (!v.is_number_integer()) bad_key(path_, key, "a list of integers");
        values.push_back(bounded_int(path_, key, v, min, max));
    }
    return values;
}

int JsonFile::get_int(const std::string& key, int fallback, int min, int max) const {
    if (!has(key)) return fallback;
    if (!json_[key].is_number_integer()) bad_key(path_, key, "an integer");
    return bounded_int(path_, key, json_[key], min, max);
}

double JsonFile::get_number(const std::string& key, double fallback) const {
    if (!has(key)) return fallback;
    double special = 0;
    if (non_finite(json_[key], &special)) return special;
    if (!json_[key].is_number()) bad_key(path_, key, "a number");
    return json_[key].get<double>();
}

bool JsonFile::get_bool(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!json_[key].is_boolean()) bad_key(path_, key, "true or false");
    return json_[key].get<bool>();
}

std::string JsonFile::get_string(const std::string& key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    if (!json_[key].is_string()) bad_key(path_, key, "a string");
    return json_[key].get<std::string>();
}

void JsonFile::unsupported(const std::string& key, const std::string& why) const {
    std::string value = has(key) ? json_[key].dump() : "null";
    throw Error(ErrorKind::ModelFolder, path_ + ": " + key + " = " + value + " is not supported (" + why + ")");
}

}  // namespace pixart
