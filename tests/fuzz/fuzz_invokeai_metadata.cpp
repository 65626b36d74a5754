// InvokeAI's "invokeai_metadata" (3.x/4.x) and "sd-metadata" (2.x) chunks.
#include "fuzz_support.h"

#include "api/generation_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pixart::fuzz::expect_clear_error("invokeai metadata", [&] {
        if (auto m = pixart::parse_invokeai_metadata(text)) (void)pixart::to_json(*m);
    });
    return 0;
}
