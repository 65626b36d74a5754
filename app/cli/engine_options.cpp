#include "engine_options.h"

#include <cctype>
#include <cmath>

#include "api/errors.h"

namespace pixart::cli {

const char* const kEngineOptionsUsage =
    "Engine: --device cpu|cuda, --dtype float32|bfloat16|float16, --threads N.\n"
    "Memory: every job is planned before it loads anything: its peak is estimated and compared\n"
    "with what this process may use (MemAvailable, the cgroup limit, --memory-limit SIZE); the\n"
    "plan is printed, and a job that cannot fit even with every saving exits with 6.\n"
    "  --text-encoder auto|resident|streamed  T5 all in memory (~19 GB for the hub's float32\n"
    "      T5-XXL), or block by block from its files (~1 GB, the same bits); auto: resident\n"
    "      only with room to spare. --keep-text-encoder keeps a resident T5 between prompts.\n"
    "  --t5-device cpu  keeps T5 on the CPU (float32, exact) beside a --device cuda.\n"
    "  --low-memory  frees the VAE while denoising and decodes in 384-px tiles (close to, not\n"
    "      equal to, the exact decode); chosen by the plan anyway when a job needs it to fit.\n"
    "  --prompt-cache DIR, --prompt-cache-size SIZE (1G), --no-prompt-cache  prompt embeddings\n"
    "      on disk, shared with the studio (default $XDG_CACHE_HOME/pixart-studio/...): a\n"
    "      repeated prompt never runs T5.\n";

std::set<std::string> engine_value_options() {
    return {"device",    "dtype",        "threads",           "text-encoder",
            "t5-device", "prompt-cache", "prompt-cache-size", "memory-limit"};
}

std::set<std::string> engine_flag_options() {
    return {"keep-text-encoder", "low-memory", "no-prompt-cache"};
}

std::int64_t parse_byte_size(const std::string& option, const std::string& text) {
    std::size_t used = 0;
    double value = -1;
    try {
        value = std::stod(text, &used);
    } catch (...) {
        used = 0;
    }
    std::string unit = text.substr(used);
    for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (unit.size() > 1 && unit.back() == 'B') unit.pop_back();  // "GB" → "G"
    if (unit.size() > 1 && unit.back() == 'I') unit.pop_back();  // "GIB" → "G"
    double scale = 1;
    if (unit == "K")
        scale = 1024.0;
    else if (unit == "M")
        scale = 1024.0 * 1024;
    else if (unit == "G")
        scale = 1024.0 * 1024 * 1024;
    else if (unit == "T")
        scale = 1024.0 * 1024 * 1024 * 1024;
    else if (!unit.empty() && unit != "B")
        used = 0;
    const double bytes = value * scale;
    if (used == 0 || !std::isfinite(bytes) || bytes < 0 || bytes > 9.0e18) {
        throw Error(ErrorKind::InvalidArgument,
                    "--" + option + " '" + text + "': expected a size such as 3.5G or 800M");
    }
    return static_cast<std::int64_t>(bytes);
}

EngineOptions engine_options_from(const CommandLine& cl) {
    EngineOptions options;
    options.device = cl.value_or("device", "cpu");
    options.dtype = cl.value_or("dtype", "");
    options.threads = static_cast<int>(cl.integer("threads", 0, 0, 1024));
    options.release_text_encoder = !cl.flag("keep-text-encoder");
    options.low_memory = cl.flag("low-memory");
    options.preview_interval = 0;
    options.text_encoder_mode = parse_text_encoder_mode(cl.value_or("text-encoder", "auto"));
    options.text_encoder_device = cl.value_or("t5-device", "");
    options.prompt_cache = !cl.flag("no-prompt-cache");
    options.prompt_cache_dir = cl.value_or("prompt-cache", "");
    if (cl.has("prompt-cache-size"))
        options.prompt_cache_max_bytes =
            parse_byte_size("prompt-cache-size", *cl.value("prompt-cache-size"));
    if (cl.has("memory-limit"))
        options.memory_limit_bytes = parse_byte_size("memory-limit", *cl.value("memory-limit"));
    return options;
}

}  // namespace pixart::cli
