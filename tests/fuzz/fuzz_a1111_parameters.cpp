// A1111 "parameters" text as other tools write it: parsing never throws, and what it parsed can
// be written back as infotext and read again.
#include "fuzz_support.h"

#include "api/generation_metadata.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pixart::fuzz::expect_clear_error("a1111 parameters", [&] {
        const auto parsed = pixart::parse_a1111_parameters(text);
        if (!parsed) return;
        const std::string written = pixart::to_a1111_parameters(*parsed);
        if (!pixart::parse_a1111_parameters(written)) std::abort();  // our own output must parse
        (void)pixart::request_from_metadata(*parsed);
    });
    return 0;
}
