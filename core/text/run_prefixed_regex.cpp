#include "text/run_prefixed_regex.h"

#include <unicode/regex.h>
#include <unicode/utf16.h>

#include <vector>

#include "api/errors.h"

namespace pixart {
namespace {

// lookingAt(start) on a matcher over the whole text: look-arounds see the text before `start`.
bool looking_at(icu::RegexMatcher& m, int32_t start, int32_t* end = nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    const bool found = m.lookingAt(start, status);
    if (U_FAILURE(status)) throw Error(ErrorKind::Internal, "RunPrefixedRegex: lookingAt failed");
    if (found && end) *end = m.end(status);
    return found;
}

}  // namespace

RunPrefixedRegex::RunPrefixedRegex(const std::string& lead, const std::string& alternative,
                                   const std::string& run_class, const std::string& tail)
    : reference_(lead + (alternative.empty()
                             ? "(?:" + run_class + "+" + tail + ")"
                             : "(?:" + alternative + "|" + run_class + "+" + tail + ")")),
      lead_(lead.empty() ? "(?:)" : lead),
      lead_and_alternative_(alternative.empty() ? "(?!)" : lead + "(?:" + alternative + ")"),
      run_char_(run_class),
      tail_(tail),
      has_lead_(!lead.empty()),
      has_alternative_(!alternative.empty()) {}

icu::UnicodeString RunPrefixedRegex::remove_all(const icu::UnicodeString& text) const {
    const int32_t n = text.length();
    auto lead = lead_.matcher(text);
    auto alternative = lead_and_alternative_.matcher(text);
    auto run_char = run_char_.matcher(text);
    auto tail = tail_.matcher(text);

    // in_run[i]: text[i] (a code point start) is in [C]. best[i]: for i in a run, the largest
    // p >= i before the run's end where TAIL matches (-1 if none); tail_end[p]: where it ends.
    std::vector<char> in_run(static_cast<size_t>(n) + 1, 0);
    std::vector<int32_t> best(static_cast<size_t>(n) + 1, -1);
    std::vector<int32_t> tail_end(static_cast<size_t>(n) + 1, -1);
    std::vector<int32_t> starts;  // code point starts, left to right
    for (int32_t i = 0; i < n; i = text.moveIndex32(i, 1)) starts.push_back(i);
    for (int32_t i : starts) {
        int32_t end = 0;
        in_run[i] = looking_at(*run_char, i, &end) && end > i;
    }
    int32_t run_best = -1;
    for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
        const int32_t i = *it;
        if (!in_run[i]) {
            run_best = -1;
            continue;
        }
        int32_t end = 0;
        if (run_best < 0 && looking_at(*tail, i, &end)) {
            run_best = i;
            tail_end[i] = end;
        }
        best[i] = run_best;
    }

    icu::UnicodeString result;
    int32_t last = 0;  // end of the previous match: the search resumes there
    for (size_t k = 0; k < starts.size(); ++k) {
        const int32_t s = starts[k];
        if (s < last) continue;
        if (has_lead_ && !looking_at(*lead, s)) continue;
        int32_t end = -1;
        if (has_alternative_ && looking_at(*alternative, s, &end) && end > s) {
            // ALTERNATIVE is tried first, as in the alternation.
        } else if (in_run[s] && k + 1 < starts.size() && in_run[starts[k + 1]] &&
                   best[starts[k + 1]] >= 0) {
            // [C]+ needs one character before p: p >= s + 1, inside s's run.
            end = tail_end[best[starts[k + 1]]];
        } else {
            continue;
        }
        result.append(text, last, s - last);
        last = end;
    }
    result.append(text, last, n - last);
    return result;
}

}  // namespace pixart
