// A PNG of arbitrary bytes: reading its text chunks walks the chunk list within the file and
// either returns the texts or refuses the file with pixart::Error.
#include "fuzz_support.h"

#include "imaging/png_text_chunks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = pixart::fuzz::write_scratch_file("image.png", data, size);
    pixart::fuzz::expect_clear_error("png text read", [&] {
        std::vector<std::string> types;
        (void)pixart::imaging::read_png_text_chunks(path, &types);
    });
    return 0;
}
