// Any file dropped onto the studio: read_image_metadata (OpenImageIO, then our parsers on every
// text field) returns the settings or nothing, and never crashes on the file's bytes.
#include "fuzz_support.h"

#include "api/image_export.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The extension only picks OIIO's first guess; it probes the content either way.
    const char* names[] = {"image.png", "image.tif", "image.jpg"};
    const std::string path =
        pixart::fuzz::write_scratch_file(names[size % 3], data, size);
    pixart::fuzz::expect_clear_error("image metadata", [&] {
        (void)pixart::read_image_metadata(path);
    });
    return 0;
}
