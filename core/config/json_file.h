// Reading diffusers/transformers JSON configs with errors that name the file and the key.
#pragma once

#include <climits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pixart {

// Python's json writes NaN / Infinity / -Infinity; this quotes them so a strict parser accepts
// the text (JsonFile's number getters read the quoted forms back).
std::string quote_non_finite_numbers(const std::string& text);

class JsonFile {
public:
    // Throws pixart::Error: ModelFolder when missing, CorruptFile when not a JSON object.
    explicit JsonFile(const std::string& path);

    const std::string& path() const { return path_; }
    const nlohmann::json& json() const { return json_; }
    bool has(const std::string& key) const;

    // Required keys: a missing key or a wrong type is a ModelFolder error naming file and key.
    // Integers must lie in [min, max] (the model family's bounds; by default int's range): a
    // value outside is a ModelFolder error naming the key and the range, never a silent wrap
    // (4294967298 read as an int is 2) nor a division by zero or a huge allocation later.
    int require_int(const std::string& key, int min = INT_MIN, int max = INT_MAX) const;
    double require_number(const std::string& key) const;
    std::string require_string(const std::string& key) const;
    std::vector<int> require_int_list(const std::string& key, int min = INT_MIN,
                                      int max = INT_MAX) const;

    // Optional keys (absent or null → fallback).
    int get_int(const std::string& key, int fallback, int min = INT_MIN, int max = INT_MAX) const;
    double get_number(const std::string& key, double fallback) const;
    bool get_bool(const std::string& key, bool fallback) const;
    std::string get_string(const std::string& key, const std::string& fallback) const;

    // "<path>: <key> = <value> is not supported (<why>)" as a ModelFolder error.
    [[noreturn]] void unsupported(const std::string& key, const std::string& why) const;

private:
    std::string path_;
    nlohmann::json json_;
};

}  // namespace pixart
