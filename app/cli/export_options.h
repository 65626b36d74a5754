// The output options `export` and `generate` share (--depth, --ppi, --paper, --cmyk, ...).
#pragma once

#include <set>
#include <string>

#include "command_line.h"

#ifdef PIXART_CLI_WITH_IMAGING
#include "api/image_export.h"
#endif

namespace pixart::cli {

std::set<std::string> export_value_options();  // options that take a value
std::set<std::string> export_flag_options();   // flags

#ifdef PIXART_CLI_WITH_IMAGING
// Validated ExportOptions for writing `output` (its extension picks the format).
ExportOptions export_options_from(const CommandLine& cl, const std::string& output);
#endif

}  // namespace pixart::cli
