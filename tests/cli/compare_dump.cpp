// compare_dump DUMP.safetensors CASE [GOLDEN]: checks a `pixart-cli generate --dump` file against
// the golden case CASE of GOLDEN (default pipeline.safetensors; samplers.safetensors for the other
// samplers, img2img.safetensors for image-to-image): noise, timesteps and ids exact, the rest at
// the pipeline tolerances. Names the golden file does not hold for the case (samplers.safetensors
// has no prompt embeddings) are skipped.
#include <cstdio>

#include "support/shared_data.h"
#include "support/tensor_compare.h"

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: compare_dump DUMP.safetensors CASE [GOLDEN.safetensors]\n");
        return 2;
    }
    if (!pixart::test::shared_available()) {
        std::printf("%s: %s\n", pixart::test::running_in_ci() ? "FAIL" : "SKIP",
                    pixart::test::missing_shared_message().c_str());
        return pixart::test::running_in_ci() ? 1 : 0;
    }
    const auto dump = pixart::read_all_tensors(argv[1]);
    const std::string prefix = std::string(argv[2]) + ".";
    const std::string golden_file = argc == 4 ? argv[3] : "pipeline.safetensors";
    const auto& golden = pixart::test::golden(golden_file);
    struct Check {
        const char* name;
        double tolerance;  // < 0: exact
    };
    // Image-to-image's init latents come out of the VAE encoder: compared at its tolerance.
    const bool img2img = golden.find(prefix + "noised_latents") != golden.end();
    const Check checks[] = {{"init_latents", img2img ? 1e-5 : -1},
                            {"noised_latents", 1e-5},
                            {"timesteps", -1},
                            {"prompt_attention_mask", -1},
                            {"prompt_embeds", 1e-5},
                            {"step_latents", 1e-4},
                            {"final_latents", 1e-4},
                            {"image", 1e-4}};
    int failures = 0, passed = 0;
    for (const auto& check : checks) {
        if (golden.find(prefix + check.name) == golden.end()) continue;
        const auto it = dump.find(check.name);
        if (it == dump.end()) {
            std::printf("%-22s MISSING from the dump\n", check.name);
            ++failures;
            continue;
        }
        const auto expected = pixart::test::golden_tensor(golden_file, prefix + check.name);
        const auto result = check.tolerance < 0 ? pixart::test::equal_exactly(it->second, expected)
                                                : pixart::test::close_relative(it->second, expected,
                                                                               check.tolerance);
        std::printf("%-22s %s %s\n", check.name, result ? "ok  " : "FAIL", result.message());
        failures += result ? 0 : 1;
        passed += result ? 1 : 0;
    }
    std::printf("%d passed, %d failed\n", passed, failures);
    return failures == 0 ? 0 : 1;
}
