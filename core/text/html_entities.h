// HTML named character references as Python's html.entities.html5 has them, and Python's
// html.unescape() on top of them (diffusers' _clean_caption calls it twice).
#pragma once

#include <unicode/unistr.h>

#include <string>

namespace pixart::html_entities {

// The characters of a named reference, e.g. "amp;" -> "&", "amp" -> "&" (the legacy names without
// ';' that html5 lists too); nullptr when unknown.
const char32_t* html5(const std::string& name);

// ftfy's extra upper-case aliases of lower-case entities ("EACUTE;" -> "É"); nullptr when unknown.
const char32_t* ftfy_upper_case(const std::string& name);

// Python's html.unescape(): numeric and named references, with and without ';', longest
// legacy-name prefix rule, invalid code points handled as the standard says.
icu::UnicodeString unescape(const icu::UnicodeString& text);

// Python's html.unescape() on one numeric reference body (after "&#", without ';'): "65", "x41".
icu::UnicodeString numeric_reference(const icu::UnicodeString& digits);

}  // namespace pixart::html_entities
