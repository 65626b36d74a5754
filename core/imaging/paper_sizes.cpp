// Paper and screen presets, lengths, and how many pixels they come to at a given ppi.
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <string>

#include "api/errors.h"
#include "api/image_export.h"
#include "imaging/ascii_lower.h"

namespace pixart {
namespace {

std::string without_spaces(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    }
    return out;
}

// A positive finite number filling all of `text`.
bool parse_positive(const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !std::isfinite(v) || v <= 0.0) return false;
    out = v;
    return true;
}

// Splits "123mm" / "4.5in" into number and unit; no unit = `fallback`.
bool split_unit(const std::string& text, std::string& number, LengthUnit& unit,
                LengthUnit fallback) {
    unit = fallback;
    number = text;
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "mm") == 0) {
        unit = LengthUnit::Millimetre;
        number = text.substr(0, text.size() - 2);
    } else if (text.size() > 2 && text.compare(text.size() - 2, 2, "in") == 0) {
        unit = LengthUnit::Inch;
        number = text.substr(0, text.size() - 2);
    } else if (text.size() > 2 && text.compare(text.size() - 2, 2, "cm") == 0) {
        return false;  // ambiguous enough with mm to refuse rather than guess
    }
    return true;
}

}  // namespace

Length parse_length(const std::string& text) {
    const std::string t = imaging::ascii_lower(without_spaces(text));
    std::string number;
    LengthUnit unit;
    double value = 0.0;
    if (t == "0" || t == "0mm" || t == "0in") return Length::mm(0.0);
    if (!split_unit(t, number, unit, LengthUnit::Millimetre) || !parse_positive(number, value)) {
        throw Error(
            ErrorKind::InvalidArgument,
            "length '" + text + "' is not a positive number of mm or in (e.g. 3mm, 0.125in)");
    }
    return {value, unit};
}

const std::vector<PaperSize>& paper_presets() {
    static const std::vector<PaperSize> presets = {
        {"A5", 148, 210, LengthUnit::Millimetre}, {"A4", 210, 297, LengthUnit::Millimetre},
        {"A3", 297, 420, LengthUnit::Millimetre}, {"A2", 420, 594, LengthUnit::Millimetre},
        {"Letter", 8.5, 11, LengthUnit::Inch},    {"Tabloid", 11, 17, LengthUnit::Inch},
        {"18x24in", 18, 24, LengthUnit::Inch},
    };
    return presets;
}

PaperSize parse_paper_size(const std::string& text) {
    const std::string t = imaging::ascii_lower(without_spaces(text));
    for (const auto& preset : paper_presets()) {
        if (t == imaging::ascii_lower(preset.name)) return preset;
    }
    if (t == "ledger" || t == "11x17in") return paper_presets()[5];
    // Custom: WxHmm or WxHin (the unit is required: 8x10 could be either).
    const auto x = t.find('x');
    std::string dims = t;
    LengthUnit unit = LengthUnit::Millimetre;
    const bool has_unit = t.size() > 2 && (t.compare(t.size() - 2, 2, "mm") == 0 ||
                                           t.compare(t.size() - 2, 2, "in") == 0);
    double w = 0.0, h = 0.0;
    if (x != std::string::npos && has_unit) {
        split_unit(t, dims, unit, LengthUnit::Millimetre);
        if (parse_positive(dims.substr(0, x), w) && parse_positive(dims.substr(x + 1), h)) {
            return {without_spaces(text), w, h, unit};
        }
    }
    std::string names;
    for (const auto& preset : paper_presets()) names += (names.empty() ? "" : ", ") + preset.name;
    throw Error(ErrorKind::InvalidArgument,
                "paper '" + text + "' is not one of " + names + " or a custom WxHmm / WxHin size");
}

const std::vector<ScreenPreset>& screen_presets() {
    static const std::vector<ScreenPreset> presets = {
        {"4k-uhd", "4K UHD 3840x2160", 3840, 2160},
        {"4096", "4096x4096", 4096, 4096},
        {"dci-4k", "DCI 4K 4096x2160", 4096, 2160},
    };
    return presets;
}

std::pair<int, int> parse_pixel_size(const std::string& text) {
    const std::string t = imaging::ascii_lower(without_spaces(text));
    for (const auto& preset : screen_presets()) {
        if (t == preset.name) return {preset.width, preset.height};
    }
    if (t == "4k" || t == "uhd") return {3840, 2160};
    const auto x = t.find('x');
    if (x != std::string::npos) {
        char* end = nullptr;
        const long w = std::strtol(t.c_str(), &end, 10);
        if (end == t.c_str() + x) {
            const char* h_begin = t.c_str() + x + 1;
            const long h = std::strtol(h_begin, &end, 10);
            if (*end == '\0' && end != h_begin && w > 0 && h > 0 && w <= 65535 && h <= 65535) {
                return {static_cast<int>(w), static_cast<int>(h)};
            }
        }
    }
    throw Error(ErrorKind::InvalidArgument, "size '" + text +
                                                "' is not WxH in pixels (1..65535) or one of "
                                                "4k-uhd, 4096, dci-4k");
}

int length_to_pixels(const Length& length, double ppi) {
    // Saturated: 1e308 mm is more pixels than an int holds (lround's result was undefined and
    // came out 0); INT_MAX then fails every size check by name.
    const double pixels = std::round(length.in_inches() * ppi);
    if (!(pixels < static_cast<double>(INT_MAX))) return INT_MAX;
    return static_cast<int>(pixels);
}

}  // namespace pixart
