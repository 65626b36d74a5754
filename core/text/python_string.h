// Python `str` semantics on ICU strings, for the prompt preprocessing that must match diffusers
// character for character: str.lower(), str.strip(), urllib.parse.unquote_plus().
#pragma once

#include <unicode/unistr.h>

#include <string>

namespace pixart::python_string {

// UTF-8 <-> UTF-16. Invalid UTF-8 becomes U+FFFD (Python strings cannot hold it in the first
// place).
icu::UnicodeString from_utf8(const std::string& text);
std::string to_utf8(const icu::UnicodeString& text);

bool is_space(UChar32 c);  // str.isspace() for one character

icu::UnicodeString strip(const icu::UnicodeString& text);   // str.strip()
icu::UnicodeString lstrip(const icu::UnicodeString& text);  // str.lstrip()
icu::UnicodeString rstrip(const icu::UnicodeString& text);  // str.rstrip()

// str.lower(): full Unicode lower-casing incl. special casing ('İ' -> 'i̇') and final sigma.
icu::UnicodeString lower(const icu::UnicodeString& text);

// urllib.parse.unquote_plus(): '+' -> ' ', then %XX escapes inside ASCII runs decoded as UTF-8
// with errors='replace'.
icu::UnicodeString unquote_plus(const icu::UnicodeString& text);

// The Windows-1252 character for a C1 control U+0080..U+009F; the five bytes 1252 leaves undefined
// stay themselves (Python's html._invalid_charrefs, ftfy's "sloppy-windows-1252").
UChar32 windows1252_c1(UChar32 c);

}  // namespace pixart::python_string
