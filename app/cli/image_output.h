// Writing the CLI's generated images (8-bit PNG + A1111 parameters).
#pragma once

#include <string>
#include <vector>

#include "api/engine.h"

namespace pixart::cli {

// Fails early (before minutes of generation) when the output folder does not exist or the
// extension is not .png.
void check_output_path(const std::string& path);

// Writes every image: PATH for one image, PATH_0.png, PATH_1.png, ... for several. Returns the paths.
std::vector<std::string> write_generated_images(const std::string& path, const GenerationResult& result,
                                                const GenerationRequest& request, const ModelInfo& model);

}  // namespace pixart::cli
