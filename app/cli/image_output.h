// Writing the CLI's generated images: PNG 8-bit with the A1111 parameters by default, or any
// format and the print options `export` takes (--depth, --ppi, --paper, --cmyk, ...).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/engine.h"
#include "api/generation_metadata.h"
#include "command_line.h"

namespace pixart::cli {

// Where `generate` writes without --out: NNNN-seedS.png in `folder`, NNNN one above the highest
// number already there (0001 in an empty folder), like other generators' output folders.
std::string default_output_path(const std::string& folder, std::uint64_t seed);

// Fails early (before minutes of generation) on bad output options or an unwritable folder.
void check_output_options(const CommandLine& cl, const std::string& path);

// Writes every image: PATH for one image, PATH_0.png, PATH_1.png, ... for several. Returns the
// paths.
std::vector<std::string> write_generated_images(const CommandLine& cl, const std::string& path,
                                                const GenerationResult& result,
                                                const GenerationRequest& request,
                                                const ModelInfo& model);

// Writes one image with its metadata to `path` (atomically: complete or not there), in the
// format and with the options the command line gives.
void write_image(const CommandLine& cl, const std::string& path, const Image& image,
                 const GenerationMetadata& metadata);

// --init-image FILE: the picture (any format the imaging layer reads) and its SHA-256. Throws
// pixart::Error (exit 3 for a picture that cannot be used, 4 for one that cannot be read,
// Unsupported without imaging).
std::shared_ptr<const InitImage> read_cli_init_image(const std::string& path);

}  // namespace pixart::cli
