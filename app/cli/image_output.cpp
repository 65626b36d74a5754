#include "image_output.h"

#include "api/errors.h"

namespace pixart::cli {

void check_output_path(const std::string&) {
    throw Error(ErrorKind::Unsupported, "--out needs image export, which lands with core/imaging");
}

std::vector<std::string> write_generated_images(const std::string&, const GenerationResult&, const GenerationRequest&,
                                                const ModelInfo&) {
    return {};
}

}  // namespace pixart::cli
