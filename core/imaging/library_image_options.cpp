#include "api/image_export.h"

namespace pixart {

ExportOptions library_image_options() {
    ExportOptions options;
    options.format = ImageFormat::Png;
    options.bit_depth = 16;
    options.ppi = kLibraryImagePpi;
    options.embed_icc_profile = true;
    options.embed_metadata = true;
    return options;
}

}  // namespace pixart
