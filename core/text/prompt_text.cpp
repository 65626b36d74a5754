#include "text/prompt_text.h"

#include "text/basic_unicode.h"
#if PIXART_WITH_ICU
#include "text/python_string.h"
#endif

namespace pixart::prompt_text {

#if PIXART_WITH_ICU
namespace ps = python_string;
std::string lower(const std::string& utf8) { return ps::to_utf8(ps::lower(ps::from_utf8(utf8))); }
std::string strip(const std::string& utf8) { return ps::to_utf8(ps::strip(ps::from_utf8(utf8))); }
std::string lstrip(const std::string& utf8) { return ps::to_utf8(ps::lstrip(ps::from_utf8(utf8))); }
std::string rstrip(const std::string& utf8) { return ps::to_utf8(ps::rstrip(ps::from_utf8(utf8))); }
bool exact_unicode() { return true; }
#else
std::string lower(const std::string& utf8) { return basic_unicode::lower(utf8); }
std::string strip(const std::string& utf8) { return basic_unicode::strip(utf8); }
std::string lstrip(const std::string& utf8) { return basic_unicode::lstrip(utf8); }
std::string rstrip(const std::string& utf8) { return basic_unicode::rstrip(utf8); }
bool exact_unicode() { return false; }
#endif

}  // namespace pixart::prompt_text
