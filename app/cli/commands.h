// The subcommands of pixart-cli. Each returns the process exit code; errors are thrown as
// pixart::Error and turned into a message + distinct exit code by main().
#pragma once

#include <string>
#include <vector>

namespace pixart::cli {

using Args = std::vector<std::string>;

int command_inspect(const Args& args);
int command_tokenize(const Args& args);
int command_generate(const Args& args);
int command_batch(const Args& args);
int command_history(const Args& args);
int command_library(const Args& args);
int command_bench(const Args& args);
int command_bench_vae(const Args& args);
int command_export(const Args& args);

struct Command {
    const char* name;
    int (*run)(const Args&);
    const char* summary;
};

const std::vector<Command>& commands();

}  // namespace pixart::cli
