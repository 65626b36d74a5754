#include "text/python_regex.h"

#include "api/errors.h"

namespace pixart {
namespace {

constexpr const char* kWord = "[\\p{L}\\p{N}_]";
constexpr const char* kNotWord = "[^\\p{L}\\p{N}_]";
// str.isspace(): bidirectional class WS/B/S or category Zs.
constexpr const char* kSpaceSet =
    "\\t-\\r\\x{1c}-\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}"
    "\\x{202f}\\x{205f}\\x{3000}";

std::string translate_pattern(const std::string& python) {
    const std::string space = std::string("[") + kSpaceSet + "]";
    const std::string not_space = std::string("[^") + kSpaceSet + "]";
    const std::string boundary =
        std::string("(?:(?<=") + kWord + ")(?!" + kWord + ")|(?<!" + kWord + ")(?=" + kWord + "))";
    std::string icu;
    bool in_class = false;
    for (size_t i = 0; i < python.size(); ++i) {
        const char c = python[i];
        if (c == '\\' && i + 1 < python.size()) {
            const char e = python[++i];
            switch (e) {
                case 'w':
                    icu += kWord;
                    break;  // ICU accepts nested sets inside a class too
                case 'W':
                    icu += kNotWord;
                    break;
                case 's':
                    icu += space;
                    break;
                case 'S':
                    icu += not_space;
                    break;
                case 'b':
                    if (in_class)
                        throw Error(ErrorKind::Internal,
                                    "PythonRegex: \\b inside a class is unsupported");
                    icu += boundary;
                    break;
                default:
                    icu += '\\';
                    icu += e;
                    break;
            }
            continue;
        }
        if (c == '[' && !in_class) {
            in_class = true;
            icu += c;
            // A ']' right after '[' or '[^' is a literal in Python.
            if (i + 1 < python.size() && python[i + 1] == '^') icu += python[++i];
            if (i + 1 < python.size() && python[i + 1] == ']') {
                icu += "\\]";
                ++i;
            }
            continue;
        }
        if (c == '[' && in_class) {
            icu += "\\[";  // literal in Python, a nested set in ICU
            continue;
        }
        if (c == ']' && in_class) in_class = false;
        icu += c;
    }
    return icu;
}

// Python's \1 (and \g<1>) -> ICU's $1; everything else literal.
icu::UnicodeString translate_replacement(const std::string& python) {
    std::string icu;
    for (size_t i = 0; i < python.size(); ++i) {
        const char c = python[i];
        if (c == '\\' && i + 1 < python.size() && python[i + 1] >= '0' && python[i + 1] <= '9') {
            icu += '$';
            icu += python[++i];
        } else if (c == '$' || c == '\\') {
            icu += '\\';
            icu += c;
        } else {
            icu += c;
        }
    }
    return icu::UnicodeString::fromUTF8(icu);
}

}  // namespace

PythonRegex::PythonRegex(const std::string& pattern, bool ignore_case) : source_(pattern) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error{};
    uint32_t flags = UREGEX_UNIX_LINES;
    if (ignore_case) flags |= UREGEX_CASE_INSENSITIVE;
    pattern_.reset(icu::RegexPattern::compile(
        icu::UnicodeString::fromUTF8(translate_pattern(pattern)), flags, parse_error, status));
    if (U_FAILURE(status)) {
        throw Error(ErrorKind::Internal, "PythonRegex: cannot compile /" + pattern + "/ (" +
                                             u_errorName(status) + " at offset " +
                                             std::to_string(parse_error.offset) + ")");
    }
}

std::unique_ptr<icu::RegexMatcher> PythonRegex::matcher(const icu::UnicodeString& text) const {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> m(pattern_->matcher(text, status));
    if (U_FAILURE(status))
        throw Error(ErrorKind::Internal, "PythonRegex: no matcher for /" + source_ + "/");
    return m;
}

icu::UnicodeString PythonRegex::sub(const icu::UnicodeString& text,
                                    const std::string& replacement) const {
    auto m = matcher(text);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString result = m->replaceAll(translate_replacement(replacement), status);
    if (U_FAILURE(status))
        throw Error(ErrorKind::Internal, "PythonRegex: replace failed for /" + source_ + "/");
    return result;
}

icu::UnicodeString PythonRegex::sub(
    const icu::UnicodeString& text,
    const std::function<icu::UnicodeString(const icu::RegexMatcher&)>& replace) const {
    auto m = matcher(text);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString result;
    int32_t last = 0;
    while (m->find(status) && U_SUCCESS(status)) {
        const int32_t start = m->start(status);
        const int32_t end = m->end(status);
        result.append(text, last, start - last);
        result.append(replace(*m));
        last = end;
    }
    result.append(text, last, text.length() - last);
    return result;
}

int PythonRegex::count(const icu::UnicodeString& text) const {
    auto m = matcher(text);
    UErrorCode status = U_ZERO_ERROR;
    int n = 0;
    while (m->find(status) && U_SUCCESS(status)) ++n;
    return n;
}

}  // namespace pixart
