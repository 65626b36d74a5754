// Python `str` lower()/strip() on UTF-8 without ICU, for builds configured with
// -DPIXART_WITH_ICU=OFF (a bare GPU machine: LibTorch and header-only libraries only).
// strip() is exact (Python's whitespace set is listed here). lower() uses the C library's Unicode
// tables (C.UTF-8) plus Python's one unconditional special casing ('İ' -> 'i̇') and the final-sigma
// rule; it can differ from Python for characters newer than the C library's Unicode version.
#pragma once

#include <string>

namespace pixart::basic_unicode {

bool is_space(char32_t c);  // str.isspace() for one character

std::string lower(const std::string& utf8);   // str.lower()
std::string strip(const std::string& utf8);   // str.strip()
std::string lstrip(const std::string& utf8);  // str.lstrip()
std::string rstrip(const std::string& utf8);  // str.rstrip()

}  // namespace pixart::basic_unicode
