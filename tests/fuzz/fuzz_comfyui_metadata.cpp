// ComfyUI's "prompt" (API graph) and "workflow" (UI graph) chunks: arbitrary graphs, cycles and
// dangling links included, never crash or recurse without bound.
#include "fuzz_support.h"

#include "api/generation_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pixart::fuzz::expect_clear_error("comfyui prompt", [&] {
        if (auto m = pixart::parse_comfyui_prompt(text)) (void)pixart::to_json(*m);
    });
    pixart::fuzz::expect_clear_error("comfyui workflow", [&] {
        if (auto m = pixart::parse_comfyui_workflow(text)) (void)pixart::to_json(*m);
    });
    return 0;
}
