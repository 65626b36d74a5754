// The starting picture of an image-to-image job (GenerationRequest::init_image), as the imaging
// layer reads it (read_init_image in api/image_export.h) or as a job makes it in memory.
#pragma once

#include <string>

#include "api/image.h"

namespace pixart {

struct InitImage {
    std::string path;    // the file it was read from ("" when made in memory)
    std::string sha256;  // of that file's bytes, lowercase hex ("" when made in memory)
    Image pixels;        // sRGB 0..1; an 8-bit file gives exactly u8 / 255.0f, as PIL + numpy do
};

}  // namespace pixart
