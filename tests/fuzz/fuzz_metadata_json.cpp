// Our own metadata JSON ({"format": "pixart-studio", …}) from an image someone sent: parsing never
// throws, and whatever it accepts survives a round trip unchanged (to_json is complete).
#include "fuzz_support.h"

#include "api/generation_metadata.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pixart::fuzz::expect_clear_error("metadata json", [&] {
        const auto parsed = pixart::parse_pixart_json(text);
        if (!parsed) return;
        const std::string once = pixart::to_json(*parsed);
        const auto again = pixart::parse_pixart_json(once);
        if (!again || pixart::to_json(*again) != once) {
            std::fprintf(stderr, "fuzz: metadata json round trip changed:\n%s\n", once.c_str());
            std::abort();
        }
        // The text fields an image carries, as the studio reads a dropped file.
        (void)pixart::metadata_from_text_fields({{pixart::kPixArtMetadataKey, text},
                                                 {pixart::kA1111ParametersKey, text}});
    });
    return 0;
}
