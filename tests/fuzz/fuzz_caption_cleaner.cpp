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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pixart::fuzz::expect_clear_error("caption cleaner", [&] {
        const std::string once = pixart::CaptionCleaner::clean(text);
        (void)pixart::CaptionCleaner::clean(once);  // the pipeline applies it twice
        // The linear patterns find what their backtracking reference finds (short inputs only:
        // the reference is quadratic).
        if (size > 512) return;
        const icu::UnicodeString unicode = pixart::python_string::from_utf8(text);
        for (const pixart::RunPrefixedRegex* regex : pixart::CaptionCleaner::linear_patterns()) {
            const pixart::PythonRegex reference(regex->reference_pattern());
            if (regex->remove_all(unicode) != reference.sub(unicode, "")) {
                std::fprintf(stderr, "fuzz: %s differs from its reference\n",
                             regex->reference_pattern().c_str());
                std::abort();
            }
        }
    });
    return 0;
}
