// The engine options `generate` and `batch` share: --device, --dtype, --threads,
// --keep-text-encoder, --low-memory, --text-encoder, --t5-device, --prompt-cache,
// --prompt-cache-size, --no-prompt-cache, --memory-limit.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "api/engine.h"
#include "command_line.h"

namespace pixart::cli {

std::set<std::string> engine_value_options();
std::set<std::string> engine_flag_options();
// No live previews: the CLI shows progress only.
EngineOptions engine_options_from(const CommandLine& cl);

// The usage lines of these options (shared by generate and batch).
extern const char* const kEngineOptionsUsage;

// "3.5G", "800M", "2GiB", "1048576": bytes (K/M/G/T are powers of 1024). Throws
// pixart::Error(InvalidArgument) naming the option.
std::int64_t parse_byte_size(const std::string& option, const std::string& text);

}  // namespace pixart::cli
