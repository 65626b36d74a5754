// The engine options `generate` and `batch` share: --device, --dtype, --threads,
// --keep-text-encoder, --low-memory.
#pragma once

#include <set>
#include <string>

#include "api/engine.h"
#include "command_line.h"

namespace pixart::cli {

std::set<std::string> engine_value_options();  // device, dtype, threads
std::set<std::string> engine_flag_options();   // keep-text-encoder, low-memory
// No live previews: the CLI shows progress only.
EngineOptions engine_options_from(const CommandLine& cl);

}  // namespace pixart::cli
