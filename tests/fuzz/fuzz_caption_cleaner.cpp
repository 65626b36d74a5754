// clean_caption on arbitrary UTF-8 (and non-UTF-8) text: no crash, and time linear enough that
// libFuzzer's -timeout catches a quadratic pattern (issue 13, item 5); the linear forms of the
// URL and file-name patterns agree with their reference on ICU.
#include "fuzz_support.h"

#include "text/caption_cleaner.h"
#include "text/python_regex.h"
#include "text/python_string.h"
#include "text/run_prefixed_regex.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pixart::fuzz::expect_clear_error("caption cleaner", [&] {
        const std::string once = pixart::CaptionCleaner::clean(text);
        (void)pixart::CaptionCleaner::clean(once);  // the pipeline applies it twice
        // The linear patterns find what their backtracking reference finds (short inputs only:
        // the reference is quadratic).
        if (size > 512) return;
        static const auto references = [] {
            std::vector<pixart::PythonRegex> list;
            for (const auto* regex : pixart::CaptionCleaner::linear_patterns())
                list.emplace_back(regex->reference_pattern());
            return list;
        }();
        const icu::UnicodeString unicode = pixart::python_string::from_utf8(text);
        const auto& linear = pixart::CaptionCleaner::linear_patterns();
        for (std::size_t i = 0; i < linear.size(); ++i) {
            const pixart::RunPrefixedRegex* regex = linear[i];
            if (regex->remove_all(unicode) != references[i].sub(unicode, "")) {
                std::fprintf(stderr, "fuzz: %s differs from its reference\n",
                             regex->reference_pattern().c_str());
                std::abort();
            }
        }
    });
    return 0;
}
