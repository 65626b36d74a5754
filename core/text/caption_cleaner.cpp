// Port of diffusers pipelines/pixart_alpha/pipeline_pixart_sigma.py (v0.30.3) _clean_caption.
// Each step keeps the upstream regex text (Python `re` syntax, translated by PythonRegex).
#include "text/caption_cleaner.h"

#include <unicode/unistr.h>

#include <optional>
#include <vector>

#include "text/ftfy_fix_text.h"
#include "text/html_entities.h"
#include "text/html_text.h"
#include "text/python_regex.h"
#include "text/python_string.h"
#include "text/run_prefixed_regex.h"

namespace pixart {
namespace {

using icu::UnicodeString;

// One re.sub of the upstream list: on ICU, or (for the patterns that backtrack quadratically on
// a long word) the linear RunPrefixedRegex that finds the same matches.
struct Step {
    std::optional<PythonRegex> regex;
    std::string replacement;
    const RunPrefixedRegex* linear = nullptr;
};

std::vector<Step> make_steps(std::initializer_list<std::pair<const char*, const char*>> list) {
    std::vector<Step> steps;
    for (const auto& [pattern, replacement] : list)
        steps.push_back({PythonRegex(pattern), replacement, nullptr});
    return steps;
}

Step linear_step(const RunPrefixedRegex& regex) { return {std::nullopt, "", &regex}; }

UnicodeString apply(const std::vector<Step>& steps, UnicodeString text) {
    for (const auto& step : steps)
        text =
            step.linear ? step.linear->remove_all(text) : step.regex->sub(text, step.replacement);
    return text;
}

// The URL patterns:
// \b((?:https?:(?:\/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@)))
// and the same with www: (the group is the whole match; the replacement is "").
const RunPrefixedRegex& url_pattern() {
    static const RunPrefixedRegex regex(R"(\b)", R"(https?:(?:\/{1,3}|[a-zA-Z0-9%]))",
                                        R"([a-zA-Z0-9.\-])",
                                        R"([.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@))");
    return regex;
}
const RunPrefixedRegex& www_pattern() {
    static const RunPrefixedRegex regex(R"(\b)", R"(www:(?:\/{1,3}|[a-zA-Z0-9%]))",
                                        R"([a-zA-Z0-9.\-])",
                                        R"([.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@))");
    return regex;
}
// Filenames: [\S]+\.(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)
const RunPrefixedRegex& filename_pattern() {
    static const RunPrefixedRegex regex("", "", R"([\S])",
                                        R"(\.(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4))");
    return regex;
}

// Before BeautifulSoup: <person> and URLs.
const std::vector<Step>& url_steps() {
    static const auto steps = [] {
        auto list = make_steps({{"<person>", "person"}});
        list.push_back(linear_step(url_pattern()));
        list.push_back(linear_step(www_pattern()));
        return list;
    }();
    return steps;
}

// After BeautifulSoup, up to the "this-is-my-cute-cat" rule.
const std::vector<Step>& markup_steps() {
    static const auto steps = [] {
        auto list = make_steps({
            // @<nickname>
            {R"(@[\w\d]+\b)", ""},
            // CJK strokes, katakana phonetic extensions, enclosed CJK, CJK compatibility, CJK
            // unified ideographs extension A, Yijing hexagrams, CJK unified ideographs.
            {R"([\u31c0-\u31ef]+)", ""},
            {R"([\u31f0-\u31ff]+)", ""},
            {R"([\u3200-\u32ff]+)", ""},
            {R"([\u3300-\u33ff]+)", ""},
            {R"([\u3400-\u4dbf]+)", ""},
            {R"([\u4dc0-\u4dff]+)", ""},
            {R"([\u4e00-\u9fff]+)", ""},
            // all kinds of dash -> "-"
            {R"([\u002D\u058A\u05BE\u1400\u1806\u2010-\u2015\u2E17\u2E1A\u2E3A\u2E3B\u2E40\u301C\u3030\u30A0\uFE31\uFE32\uFE58\uFE63\uFF0D]+)",
             "-"},
            // quotes to one standard
            {"[`´«»“”¨]", "\""},
            {"[‘’]", "'"},
            // &quot; and &amp
            {R"(&quot;?)", ""},
            {R"(&amp)", ""},
            // ip addresses
            {R"(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})", " "},
            // article ids
            {R"(\d:\d\d\s+$)", ""},
            // a literal "\n"
            {R"(\\n)", " "},
            // "#123", "#12345..", "123456.."
            {R"(#\d{1,3}\b)", ""},
            {R"(#\d{5,}\b)", ""},
            {R"(\b\d{6,}\b)", ""},
        });
        list.push_back(linear_step(filename_pattern()));  // filenames
        auto rest = make_steps({
            {R"([\"\']{2,})", "\""},  // """AUSVERKAUFT"""
            {R"([\.]{2,})", " "},
            // bad_punct_regex: ***AUSVERKAUFT***, #AUSVERKAUFT
            {R"([#®•©™&@·º½¾¿¡§~\)\(\]\[\}\{\|\\/\*]{1,})", " "},
            {R"(\s+\.\s+)", " "},  // " . "
        });
        for (auto& step : rest) list.push_back(std::move(step));
        return list;
    }();
    return steps;
}

// After ftfy and html.unescape.
const std::vector<Step>& final_steps() {
    static const auto steps = make_steps({
        {R"(\b[a-zA-Z]{1,3}\d{3,15}\b)", ""},  // jc6640
        {R"(\b[a-zA-Z]+\d+[a-zA-Z]+\b)", ""},  // jc6640vc
        {R"(\b\d+[a-zA-Z]+\d+\b)", ""},        // 6640vc231
        {R"((worldwide\s+)?(free\s+)?shipping)", ""},
        {R"((free\s)?download(\sfree)?)", ""},
        {R"(\bclick\b\s(?:for|on)\s\w+)", ""},
        {R"(\b(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)(\simage[s]?)?)", ""},
        {R"(\bpage\s+\d+\b)", ""},
        {R"(\b\d*[a-zA-Z]+\d+[a-zA-Z]+\d+[a-zA-Z\d]*\b)", " "},  // j2d1a2a...
        {R"(\b\d+\.?\d*[xх×]\d+\.?\d*\b)", ""},
        {R"(\b\s+\:\s+)", ": "},
        {R"((\D[,\./])\b)", "\\1 "},
        {R"(\s+)", " "},
        // (upstream calls caption.strip() here without using the result)
        {R"(^[\"\']([\w\W]+)[\"\']$)", "\\1"},
        {R"(^[\'\_,\-\:;])", ""},
        {R"([\'\_,\-\:\-\+]$)", ""},
        {R"(^\.\S+$)", ""},
    });
    return steps;
}

}  // namespace

const std::vector<const RunPrefixedRegex*>& CaptionCleaner::linear_patterns() {
    static const std::vector<const RunPrefixedRegex*> patterns = {&url_pattern(), &www_pattern(),
                                                                  &filename_pattern()};
    return patterns;
}

std::string CaptionCleaner::clean(const std::string& caption) {
    UnicodeString text = python_string::unquote_plus(python_string::from_utf8(caption));
    text = python_string::lower(python_string::strip(text));
    text = apply(url_steps(), text);
    text = html_to_text(text);
    text = apply(markup_steps(), text);

    // this-is-my-cute-cat / this_is_my_cute_cat
    static const PythonRegex dash_or_underscore(R"((?:\-|\_))");
    if (dash_or_underscore.count(text) > 3) text = dash_or_underscore.sub(text, " ");

    text = ftfy_fix_text(text);
    text = html_entities::unescape(html_entities::unescape(text));
    text = apply(final_steps(), text);
    return python_string::to_utf8(python_string::strip(text));
}

}  // namespace pixart
