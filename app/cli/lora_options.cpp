#include "lora_options.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "api/errors.h"

#ifdef PIXART_CLI_WITH_IMAGING
#include "api/image_export.h"  // file_sha256
#endif

namespace pixart::cli {

LoraSpec parse_lora(const std::string& text, const std::string& what) {
    LoraSpec lora;
    lora.path = text;
    if (const auto colon = text.rfind(':'); colon != std::string::npos && colon + 1 < text.size()) {
        const std::string number = text.substr(colon + 1);
        char* end = nullptr;
        const double strength = std::strtod(number.c_str(), &end);
        if (end != nullptr && *end == '\0') {
            lora.path = text.substr(0, colon);
            lora.strength = strength;
        }
    }
    if (!std::isfinite(lora.strength) || std::abs(lora.strength) > 100.0) {
        throw Error(ErrorKind::InvalidArgument,
                    what + " " + text + ": the strength must be between -100 and 100");
    }
    std::error_code ec;
    if (lora.path.empty() || !std::filesystem::is_regular_file(lora.path, ec)) {
        throw Error(ErrorKind::Io, what + " " + lora.path + ": no such file");
    }
#ifdef PIXART_CLI_WITH_IMAGING
    lora.sha256 = file_sha256(lora.path);
#endif
    return lora;
}

}  // namespace pixart::cli
