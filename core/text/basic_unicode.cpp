#include "text/basic_unicode.h"

#include <locale.h>
#include <wctype.h>

#include <vector>

namespace pixart::basic_unicode {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// UTF-8 -> code points; an ill-formed sequence becomes U+FFFD (as Python's 'replace' decoding).
std::u32string decode(const std::string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        int length = 0;
        char32_t c = 0;
        if (b < 0x80) {
            length = 1, c = b;
        } else if (b >= 0xC2 && b <= 0xDF) {
            length = 2, c = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3, c = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4, c = b & 0x07;
        }
        bool valid = length > 0 && i + static_cast<size_t>(length) <= text.size();
        for (int k = 1; valid && k < length; ++k) {
            const auto cont = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
            valid = (cont & 0xC0) == 0x80;
            c = (c << 6) | (cont & 0x3F);
        }
        // Overlong 3/4-byte forms, surrogates and values past U+10FFFF are ill-formed too.
        if (valid && ((length == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
                      (length == 4 && (c < 0x10000 || c > 0x10FFFF))))
            valid = false;
        out.push_back(valid ? c : kReplacement);
        i += valid ? static_cast<size_t>(length) : 1;
    }
    return out;
}

void encode(char32_t c, std::string& out) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// The C library's Unicode character tables, independent of the process's own locale.
locale_t unicode_locale() {
    static const locale_t locale = [] {
        locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
        return l != static_cast<locale_t>(nullptr)
                   ? l
                   : newlocale(LC_CTYPE_MASK, "C", static_cast<locale_t>(nullptr));
    }();
    return locale;
}

char32_t to_lower(char32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), unicode_locale()));
}

bool is_cased_letter(char32_t c) {
    return iswupper_l(static_cast<wint_t>(c), unicode_locale()) ||
           iswlower_l(static_cast<wint_t>(c), unicode_locale());
}

// Unicode's Final_Sigma: preceded by a cased letter and not followed by one (case-ignorable
// characters such as apostrophes and combining marks in between are skipped).
bool is_case_ignorable(char32_t c) {
    return c == '\'' || c == '.' || c == ':' || c == 0x00AD || c == 0x2019 ||
           (c >= 0x0300 && c <= 0x036F);
}

bool final_sigma(const std::u32string& text, size_t i) {
    size_t before = i;
    while (before > 0 && is_case_ignorable(text[before - 1])) --before;
    if (before == 0 || !is_cased_letter(text[before - 1])) return false;
    size_t after = i + 1;
    while (after < text.size() && is_case_ignorable(text[after])) ++after;
    return after == text.size() || !is_cased_letter(text[after]);
}

std::string encode_range(const std::u32string& text, size_t begin, size_t end) {
    std::string out;
    out.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) encode(text[i], out);
    return out;
}

size_t first_non_space(const std::u32string& text) {
    size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    return i;
}

size_t end_of_non_space(const std::u32string& text, size_t begin) {
    size_t end = text.size();
    while (end > begin && is_space(text[end - 1])) --end;
    return end;
}

}  // namespace

bool is_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string lower(const std::string& utf8) {
    const std::u32string text = decode(utf8);
    std::string out;
    out.reserve(utf8.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c == 0x0130) {  // 'İ' -> 'i' + COMBINING DOT ABOVE (SpecialCasing.txt)
            encode(U'i', out);
            encode(0x0307, out);
        } else if (c == 0x03A3) {  // 'Σ': 'ς' at the end of a word, else 'σ'
            encode(final_sigma(text, i) ? 0x03C2 : 0x03C3, out);
        } else {
            encode(to_lower(c), out);
        }
    }
    return out;
}

std::string strip(const std::string& utf8) {
    const std::u32string text = decode(utf8);
    const size_t begin = first_non_space(text);
    return encode_range(text, begin, end_of_non_space(text, begin));
}

std::string lstrip(const std::string& utf8) {
    const std::u32string text = decode(utf8);
    return encode_range(text, first_non_space(text), text.size());
}

std::string rstrip(const std::string& utf8) {
    const std::u32string text = decode(utf8);
    return encode_range(text, 0, end_of_non_space(text, 0));
}

}  // namespace pixart::basic_unicode
