// The str.lower() / str.strip() the T5 tokenizer's preprocessing needs, on UTF-8: ICU's exact
// Unicode case mapping when the build has ICU, else basic_unicode (see there for the difference).
#pragma once

#include <string>

namespace pixart::prompt_text {

std::string lower(const std::string& utf8);
std::string strip(const std::string& utf8);
std::string lstrip(const std::string& utf8);
std::string rstrip(const std::string& utf8);

// Whether lower() is ICU's (exactly Python's for every character).
bool exact_unicode();

}  // namespace pixart::prompt_text
