#include "text/html_entities.h"

#include <algorithm>
#include <cstring>

#include "text/python_regex.h"
#include "text/python_string.h"

namespace pixart::html_entities {
namespace {

struct HtmlEntity {
    const char* name;
    const char32_t* value;
};

#include "text/html_entities.inc"

template <size_t N>
const char32_t* find(const HtmlEntity (&table)[N], const std::string& name) {
    const auto* end = table + N;
    const auto* it =
        std::lower_bound(table, end, name, [](const HtmlEntity& e, const std::string& key) {
            return std::strcmp(e.name, key.c_str()) < 0;
        });
    return (it != end && name == it->name) ? it->value : nullptr;
}

icu::UnicodeString from_utf32(const char32_t* text) {
    icu::UnicodeString out;
    for (; *text != 0; ++text) out.append(static_cast<UChar32>(*text));
    return out;
}

// Python's html._invalid_codepoints: references to these decode to nothing.
bool is_invalid_codepoint(unsigned long c) {
    return (c >= 0x1 && c <= 0x8) || c == 0xB || (c >= 0xE && c <= 0x1F) ||
           (c >= 0x7F && c <= 0x9F) || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

}  // namespace

const char32_t* html5(const std::string& name) { return find(kHtml5Entities, name); }

const char32_t* ftfy_upper_case(const std::string& name) {
    return find(kFtfyUpperCaseEntities, name);
}

icu::UnicodeString numeric_reference(const icu::UnicodeString& digits) {
    const bool hex = digits.length() > 0 && (digits.charAt(0) == 'x' || digits.charAt(0) == 'X');
    unsigned long value = 0;
    bool overflow = false;
    for (int32_t i = hex ? 1 : 0; i < digits.length(); ++i) {
        const UChar c = digits.charAt(i);
        const int d = (c >= '0' && c <= '9')   ? c - '0'
                      : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                               : c - 'A' + 10;
        value = value * (hex ? 16 : 10) + static_cast<unsigned long>(d);
        if (value > 0x10FFFF)
            overflow = true;  // Python ints never overflow; anything this big is invalid
        if (overflow) value = 0x110000;
    }
    // Python's html._invalid_charrefs.
    if (value == 0x00) return icu::UnicodeString(static_cast<UChar32>(0xFFFD));
    if (value == 0x0D) return icu::UnicodeString(static_cast<UChar32>(0x0D));
    if (value >= 0x80 && value <= 0x9F) {
        return icu::UnicodeString(python_string::windows1252_c1(static_cast<UChar32>(value)));
    }
    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
        return icu::UnicodeString(static_cast<UChar32>(0xFFFD));
    if (is_invalid_codepoint(value)) return {};
    return icu::UnicodeString(static_cast<UChar32>(value));
}

icu::UnicodeString unescape(const icu::UnicodeString& text) {
    if (text.indexOf(u'&') < 0) return text;
    static const PythonRegex charref(R"(&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?))");
    return charref.sub(text, [](const icu::RegexMatcher& m) -> icu::UnicodeString {
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString s = m.group(1, status);
        if (s.charAt(0) == '#') {
            icu::UnicodeString digits(s, 1);
            if (digits.endsWith(u";")) digits.truncate(digits.length() - 1);
            return numeric_reference(digits);
        }
        const std::string name = python_string::to_utf8(s);
        if (const char32_t* value = html5(name)) return from_utf32(value);
        // The longest prefix that is a (legacy, ';'-less) entity name; names are ASCII, so byte
        // and character offsets agree for every prefix that can match.
        for (size_t x = name.size() - 1; x > 1; --x) {
            if (const char32_t* value = html5(name.substr(0, x))) {
                return from_utf32(value) + python_string::from_utf8(name.substr(x));
            }
        }
        return icu::UnicodeString(u"&") + s;
    });
}

}  // namespace pixart::html_entities
