// A Python `re` pattern (str flavour) run on ICU. ICU's \w, \s and \b differ from Python's
// (combining marks, U+001C..U+001F, superscript digits), so the pattern is translated first:
//   \w -> [\p{L}\p{N}_]            (Python: str.isalnum() or '_')
//   \s -> the characters of str.isspace()
//   \b -> a look-around on the \w above
// and `$` only recognises '\n' (UREGEX_UNIX_LINES), as in Python. \d is \p{Nd} in both.
#pragma once

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <functional>
#include <memory>
#include <string>

namespace pixart {

class PythonRegex {
  public:
    // `pattern` in Python syntax (UTF-8). Throws pixart::Error(Internal) when ICU rejects it.
    explicit PythonRegex(const std::string& pattern, bool ignore_case = false);

    // re.sub(pattern, replacement, text): `replacement` in Python syntax (\1 = group 1).
    icu::UnicodeString sub(const icu::UnicodeString& text, const std::string& replacement) const;
    // re.sub with a function computing each replacement from the match.
    icu::UnicodeString sub(
        const icu::UnicodeString& text,
        const std::function<icu::UnicodeString(const icu::RegexMatcher&)>& replace) const;
    // len(re.findall(pattern, text)).
    int count(const icu::UnicodeString& text) const;
    // A fresh matcher over `text` (which must outlive it) for search()/match() at given offsets.
    std::unique_ptr<icu::RegexMatcher> matcher(const icu::UnicodeString& text) const;

  private:
    std::unique_ptr<icu::RegexPattern> pattern_;
    std::string source_;
};

}  // namespace pixart
