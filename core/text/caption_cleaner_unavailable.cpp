// CaptionCleaner in a build without ICU (-DPIXART_WITH_ICU=OFF): _clean_caption's regexes, HTML
// parsing and ftfy need ICU's Unicode support, so asking for it is a clear error, not a silent
// fallback (diffusers would produce a different prompt).
#include "api/errors.h"
#include "text/caption_cleaner.h"

namespace pixart {

std::string CaptionCleaner::clean(const std::string&) {
    throw Error(ErrorKind::Unsupported,
                "clean_caption needs ICU, and this build was configured without it "
                "(-DPIXART_WITH_ICU=OFF): generate with clean_caption off, or rebuild with ICU");
}

}  // namespace pixart
