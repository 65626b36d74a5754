// pixart-cli inspect MODEL — what a model folder holds, without reading the weights.
#include <cstdio>
#include <iostream>

#include "api/errors.h"
#include "api/model_info.h"
#include "command_line.h"
#include "commands.h"

namespace pixart::cli {
namespace {

std::string human_count(std::int64_t n) {
    char buffer[32];
    if (n >= 1'000'000'000)
        std::snprintf(buffer, sizeof buffer, "%.2f B", n / 1e9);
    else if (n >= 1'000'000)
        std::snprintf(buffer, sizeof buffer, "%.1f M", n / 1e6);
    else if (n >= 1'000)
        std::snprintf(buffer, sizeof buffer, "%.1f K", n / 1e3);
    else
        std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(n));
    return buffer;
}

std::string human_bytes(std::int64_t n) {
    char buffer[32];
    if (n >= (1ll << 30))
        std::snprintf(buffer, sizeof buffer, "%.2f GiB", n / double(1ll << 30));
    else if (n >= (1 << 20))
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", n / double(1 << 20));
    else
        std::snprintf(buffer, sizeof buffer, "%.1f KiB", n / 1024.0);
    return buffer;
}

}  // namespace

int command_inspect(const Args& args) {
    const CommandLine cl(args, {}, {"help"});
    if (cl.flag("help")) {
        std::cout << "usage: pixart-cli inspect MODEL\n\n"
                     "Shows the components, configs, dtypes, parameter counts, native size and\n"
                     "aspect-ratio bins of a diffusers PixArt-Sigma folder (or a repository id\n"
                     "found in the Hugging Face cache). Reads headers only, not the weights.\n";
        return 0;
    }
    if (cl.positional().size() != 1)
        throw Error(ErrorKind::InvalidArgument, "inspect takes one MODEL folder");
    const ModelInfo info = inspect_model(cl.positional().front());
    std::cout << "model:        " << info.name << "\n"
              << "path:         " << info.path << "\n"
              << "sample size:  " << info.sample_size << " (native " << info.native_width << "x"
              << info.native_height << ")\n\ncomponents:\n";
    std::int64_t total = 0;
    for (const auto& c : info.components) {
        std::printf("  %-13s %-28s", c.name.c_str(), c.class_name.c_str());
        if (c.parameters > 0) {
            std::printf(" %-8s %10s params %12s", c.dtype.c_str(),
                        human_count(c.parameters).c_str(), human_bytes(c.bytes).c_str());
        }
        std::printf("\n");
        total += c.parameters;
    }
    std::cout << "  total parameters: " << human_count(total) << "\n\naspect-ratio bins ("
              << info.bins.size() << ", ratio = height / width):\n";
    int column = 0;
    for (const auto& bin : info.bins) {
        std::printf("  %5s %4dx%-4d", bin.ratio.c_str(), bin.width, bin.height);
        if (++column % 4 == 0) std::printf("\n");
    }
    if (column % 4 != 0) std::printf("\n");
    return 0;
}

}  // namespace pixart::cli
