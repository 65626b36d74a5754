#include "engine_options.h"

namespace pixart::cli {

std::set<std::string> engine_value_options() { return {"device", "dtype", "threads"}; }

std::set<std::string> engine_flag_options() { return {"keep-text-encoder", "low-memory"}; }

EngineOptions engine_options_from(const CommandLine& cl) {
    EngineOptions options;
    options.device = cl.value_or("device", "cpu");
    options.dtype = cl.value_or("dtype", "");
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    options.release_text_encoder = !cl.flag("keep-text-encoder");
    options.low_memory = cl.flag("low-memory");
    options.preview_interval = 0;
    return options;
}

}  // namespace pixart::cli
