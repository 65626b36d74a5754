// re.sub(pattern, "", text) in linear time for the Python patterns of the form
//     LEAD (?: ALTERNATIVE | [C]+ TAIL )
// where TAIL can only match starting on a character of [C] (so a greedy [C]+ stops inside the run
// of [C] characters it started in). Three of clean_caption's patterns have that form (the two URL
// patterns and the file-name one); run on ICU's backtracking engine, as on Python's, they cost
// O(run length²): a 16 KiB word of "a.a.a…" took 60 s. Here a match from position s is, as the
// backtracking engine finds it: ALTERNATIVE if it matches at s, else [C]+ up to the last position
// p before the end of s's run where TAIL matches (greedy backtracking tries p from the right), so
// one right-to-left pass per run finds every start's match. Same matches, same result: the tests
// and the caption_cleaner fuzz target compare it with the reference pattern on ICU.
#pragma once

#include <unicode/unistr.h>

#include <string>

#include "text/python_regex.h"

namespace pixart {

class RunPrefixedRegex {
  public:
    // Python syntax for each piece; `lead` and `alternative` may be empty (none).
    // `run_class` is one character class, e.g. "[a-zA-Z0-9.\\-]" or "[\\S]".
    RunPrefixedRegex(const std::string& lead, const std::string& alternative,
                     const std::string& run_class, const std::string& tail);

    // re.sub(reference_pattern(), "", text).
    icu::UnicodeString remove_all(const icu::UnicodeString& text) const;

    // The pattern this stands for, in Python syntax (for the tests' comparison).
    const std::string& reference_pattern() const { return reference_; }

  private:
    std::string reference_;
    PythonRegex lead_;
    PythonRegex lead_and_alternative_;
    PythonRegex run_char_;
    PythonRegex tail_;
    bool has_lead_ = false;
    bool has_alternative_ = false;
};

}  // namespace pixart
