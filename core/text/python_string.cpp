#include "text/python_string.h"

#include <unicode/locid.h>
#include <unicode/ustring.h>

namespace pixart::python_string {

icu::UnicodeString from_utf8(const std::string& text) {
    // fromUTF8 substitutes U+FFFD per maximal ill-formed subsequence, as Python's 'replace' does.
    return icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

std::string to_utf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

bool is_space(UChar32 c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

namespace {

int32_t first_non_space(const icu::UnicodeString& text) {
    int32_t i = 0;
    while (i < text.length()) {
        const UChar32 c = text.char32At(i);
        if (!is_space(c)) break;
        i += U16_LENGTH(c);
    }
    return i;
}

int32_t end_of_non_space(const icu::UnicodeString& text, int32_t begin) {
    int32_t end = text.length();
    while (end > begin) {
        const int32_t previous = text.moveIndex32(end, -1);
        if (!is_space(text.char32At(previous))) break;
        end = previous;
    }
    return end;
}

}  // namespace

icu::UnicodeString strip(const icu::UnicodeString& text) {
    const int32_t begin = first_non_space(text);
    const int32_t end = end_of_non_space(text, begin);
    return icu::UnicodeString(text, begin, end - begin);
}

icu::UnicodeString lstrip(const icu::UnicodeString& text) {
    return icu::UnicodeString(text, first_non_space(text));
}

icu::UnicodeString rstrip(const icu::UnicodeString& text) {
    return icu::UnicodeString(text, 0, end_of_non_space(text, 0));
}

icu::UnicodeString lower(const icu::UnicodeString& text) {
    icu::UnicodeString out(text);
    out.toLower(icu::Locale::getRoot());  // language-independent full mapping, like Python
    return out;
}

namespace {

int hex_value(UChar c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// One ASCII run: %XX -> byte, the rest as is, then UTF-8 decoded with replacement.
icu::UnicodeString unquote_ascii_run(const icu::UnicodeString& run) {
    std::string bytes;
    for (int32_t i = 0; i < run.length(); ++i) {
        const UChar c = run.charAt(i);
        if (c == '%' && i + 2 < run.length() && hex_value(run.charAt(i + 1)) >= 0 &&
            hex_value(run.charAt(i + 2)) >= 0) {
            bytes +=
                static_cast<char>(hex_value(run.charAt(i + 1)) * 16 + hex_value(run.charAt(i + 2)));
            i += 2;
        } else {
            bytes += static_cast<char>(c);
        }
    }
    return from_utf8(bytes);
}

}  // namespace

icu::UnicodeString unquote_plus(const icu::UnicodeString& text) {
    icu::UnicodeString plus_free(text);
    plus_free.findAndReplace(u"+", u" ");
    if (plus_free.indexOf(u'%') < 0) return plus_free;
    icu::UnicodeString out;
    int32_t i = 0;
    while (i < plus_free.length()) {
        int32_t j = i;
        const bool ascii = plus_free.charAt(i) < 0x80;
        while (j < plus_free.length() && (plus_free.charAt(j) < 0x80) == ascii) ++j;
        const icu::UnicodeString run(plus_free, i, j - i);
        out.append(ascii ? unquote_ascii_run(run) : run);
        i = j;
    }
    return out;
}

UChar32 windows1252_c1(UChar32 c) {
    static const UChar32 kTable[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    };
    return (c >= 0x80 && c <= 0x9F) ? kTable[c - 0x80] : c;
}

}  // namespace pixart::python_string
