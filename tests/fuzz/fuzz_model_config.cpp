// config.json of each model component (T5, transformer, VAE, scheduler), chosen by the first
// byte: every key is bounded by the model family, so no value may crash (division by zero,
// overflow) or pass with a size that later allocates without bound.
#include "fuzz_support.h"

#include "config/scheduler_config.h"
#include "config/t5_config.h"
#include "config/transformer_config.h"
#include "config/vae_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const int which = data[0] % 4;
    const std::string path = pixart::fuzz::write_scratch_file("config.json", data + 1, size - 1);
    pixart::fuzz::expect_clear_error("model config", [&] {
        switch (which) {
        case 0: {
            const auto c = pixart::T5Config::from_file(path);
            (void)c.inner_dim();
            break;
        }
        case 1: (void)pixart::TransformerConfig::from_file(path); break;
        case 2: {
            const auto c = pixart::VaeConfig::from_file(path);
            (void)c.scale_factor();
            break;
        }
        default: (void)pixart::SchedulerConfig::from_file(path); break;
        }
    });
    return 0;
}
