// Writing the CLI's generated images: PNG 8-bit with the A1111 parameters by default, or any
// format and the print options `export` takes (--depth, --ppi, --paper, --cmyk, ...).
#pragma once

#include <string>
#include <vector>

#include "api/engine.h"
#include "command_line.h"

namespace pixart::cli {

// Fails early (before minutes of generation) on bad output options or an unwritable folder.
void check_output_options(const CommandLine& cl, const std::string& path);

// Writes every image: PATH for one image, PATH_0.png, PATH_1.png, ... for several. Returns the
// paths.
std::vector<std::string> write_generated_images(const CommandLine& cl, const std::string& path,
                                                const GenerationResult& result,
                                                const GenerationRequest& request,
                                                const ModelInfo& model);

}  // namespace pixart::cli
