// ASCII lower-casing for option names, file extensions and profile descriptions: these are
// ASCII by definition, so the C locale's tolower is right (and locale-independent) here. Prompt
// text is lower-cased elsewhere, with Unicode rules (core/text).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace pixart::imaging {

inline std::string ascii_lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    });
    return s;
}

}  // namespace pixart::imaging
