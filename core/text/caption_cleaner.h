// Port of diffusers pipelines/pixart_alpha/pipeline_pixart_sigma.py (v0.30.3)
// PixArtSigmaPipeline._clean_caption (itself copied from DeepFloyd IF): URL, HTML, @nick, CJK,
// dash, quote, number and filename clean-up of a caption. BeautifulSoup and ftfy are ported in
// html_text.h and ftfy_fix_text.h (see there for what is approximated). The pipeline applies it
// twice (clean_caption=True).
#pragma once

#include <string>
#include <vector>

namespace pixart {

class RunPrefixedRegex;

class CaptionCleaner {
  public:
    // One pass of _clean_caption over UTF-8 text. Thread-safe; the regexes are compiled once.
    static std::string clean(const std::string& caption);

    // The steps that run as RunPrefixedRegex (linear time) instead of on ICU's backtracking
    // engine, for the tests that compare them with their reference patterns.
    static const std::vector<const RunPrefixedRegex*>& linear_patterns();
};

}  // namespace pixart
