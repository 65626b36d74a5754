// Port of ftfy 6.2.3 (ftfy/__init__.py fix_text / fix_and_explain, ftfy/fixes.py,
// ftfy/chardata.py).
#include "text/ftfy_fix_text.h"

#include <unicode/normalizer2.h>

#include <map>
#include <string>

#include "text/html_entities.h"
#include "text/python_regex.h"
#include "text/python_string.h"

namespace pixart {
namespace {

using icu::UnicodeString;

UnicodeString from_utf32(const char32_t* text) {
    UnicodeString out;
    for (; *text != 0; ++text) out.append(static_cast<UChar32>(*text));
    return out;
}

// fixes.unescape_html: only ';'-terminated references; unknown ones are left alone.
UnicodeString unescape_html(const UnicodeString& text) {
    static const PythonRegex entity("&#?[0-9A-Za-z]{1,24};");
    return entity.sub(text, [](const icu::RegexMatcher& m) -> UnicodeString {
        UErrorCode status = U_ZERO_ERROR;
        const UnicodeString match = m.group(status);
        const std::string name = python_string::to_utf8(UnicodeString(match, 1));
        if (const char32_t* value = html_entities::html5(name)) return from_utf32(value);
        if (const char32_t* value = html_entities::ftfy_upper_case(name)) return from_utf32(value);
        if (match.startsWith(u"&#")) {
            const UnicodeString unescaped = html_entities::unescape(match);
            return unescaped.indexOf(u';') >= 0 ? match : unescaped;
        }
        return match;
    });
}

// Character-by-character translation (str.translate); `map` returns false to keep c.
template <typename Fn>
UnicodeString translate(const UnicodeString& text, Fn map) {
    UnicodeString out;
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        i += U16_LENGTH(c);
        UnicodeString replacement;
        if (map(c, replacement)) {
            out.append(replacement);
        } else {
            out.append(c);
        }
    }
    return out;
}

UnicodeString fix_c1_controls(const UnicodeString& text) {
    return translate(text, [](UChar32 c, UnicodeString& r) {
        if (c < 0x80 || c > 0x9F) return false;
        r = UnicodeString(python_string::windows1252_c1(c));
        return true;
    });
}

UnicodeString fix_latin_ligatures(const UnicodeString& text) {
    static const std::map<UChar32, const char16_t*> kLigatures = {
        {0x0132, u"IJ"},      {0x0133, u"ij"}, {0x0149, u"\u02BCn"}, {0x01F1, u"DZ"},
        {0x01F2, u"Dz"},      {0x01F3, u"dz"}, {0x01C4, u"D\u017D"}, {0x01C5, u"D\u017E"},
        {0x01C6, u"d\u017E"}, {0x01C7, u"LJ"}, {0x01C8, u"Lj"},      {0x01C9, u"lj"},
        {0x01CA, u"NJ"},      {0x01CB, u"Nj"}, {0x01CC, u"nj"},      {0xFB00, u"ff"},
        {0xFB01, u"fi"},      {0xFB02, u"fl"}, {0xFB03, u"ffi"},     {0xFB04, u"ffl"},
        {0xFB05, u"\u017Ft"}, {0xFB06, u"st"},
    };
    return translate(text, [](UChar32 c, UnicodeString& r) {
        const auto it = kLigatures.find(c);
        if (it == kLigatures.end()) return false;
        r = UnicodeString(it->second);
        return true;
    });
}

// U+3000 -> ' ', and every U+FF01..U+FFEF whose NFKC form differs -> that form.
UnicodeString fix_character_width(const UnicodeString& text) {
    return translate(text, [](UChar32 c, UnicodeString& r) {
        if (c == 0x3000) {
            r = u" ";
            return true;
        }
        if (c < 0xFF01 || c >= 0xFFF0) return false;
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
        if (U_FAILURE(status)) return false;
        const UnicodeString original(c);
        r = nfkc->normalize(original, status);
        return U_SUCCESS(status) && r != original;
    });
}

UnicodeString uncurl_quotes(const UnicodeString& text) {
    return translate(text, [](UChar32 c, UnicodeString& r) {
        if (c >= 0x201C && c <= 0x201F) {
            r = u"\"";
            return true;
        }
        if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) {
            r = u"'";
            return true;
        }
        return false;
    });
}

UnicodeString fix_line_breaks(const UnicodeString& text) {
    UnicodeString out(text);
    out.findAndReplace(u"\r\n", u"\n");
    out.findAndReplace(u"\r", u"\n");
    out.findAndReplace(u"\u2028", u"\n");
    out.findAndReplace(u"\u2029", u"\n");
    out.findAndReplace(u"\u0085", u"\n");
    return out;
}

UnicodeString remove_terminal_escapes(const UnicodeString& text) {
    static const PythonRegex ansi(R"(\x1b\[((?:\d|;)*)([a-zA-Z]))");
    return ansi.sub(text, "");
}

UnicodeString remove_control_chars(const UnicodeString& text) {
    return translate(text, [](UChar32 c, UnicodeString& r) {
        const bool control = (c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F ||
                             (c >= 0x206A && c <= 0x206F) || c == 0xFEFF ||
                             (c >= 0xFFF9 && c <= 0xFFFC);
        if (!control) return false;
        r.remove();
        return true;
    });
}

UnicodeString nfc(const UnicodeString& text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return text;
    UnicodeString out = normalizer->normalize(text, status);
    return U_SUCCESS(status) ? out : text;
}

// fix_and_explain() on one segment.
UnicodeString fix_segment(UnicodeString text, bool unescape) {
    while (true) {
        const UnicodeString original = text;
        if (unescape) text = unescape_html(text);
        text = fix_c1_controls(text);
        text = fix_latin_ligatures(text);
        text = fix_character_width(text);
        text = uncurl_quotes(text);
        text = fix_line_breaks(text);
        text = remove_terminal_escapes(text);
        text = remove_control_chars(text);
        text = nfc(text);
        if (text == original) return text;
    }
}

}  // namespace

UnicodeString ftfy_fix_text(const UnicodeString& text) {
    UnicodeString out;
    bool unescape = true;  // unescape_html="auto"
    int32_t pos = 0;
    while (pos < text.length()) {
        int32_t end = text.indexOf(u'\n', pos);
        end = end < 0 ? text.length() : end + 1;
        const UnicodeString segment(text, pos, end - pos);
        if (segment.indexOf(u'<') >= 0) unescape = false;  // and it stays off for later lines
        out.append(fix_segment(segment, unescape));
        pos = end;
    }
    return out;
}

}  // namespace pixart
