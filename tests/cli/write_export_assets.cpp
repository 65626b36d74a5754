// Writes the inputs of the CLI export tests into a folder: input.png (a 16-bit gradient carrying
// generation settings) and cmyk.icc (a CMYK output profile made with LittleCMS).
#include <cstdio>
#include <exception>
#include <string>

#include "api/image_export.h"
#include "imaging_test_support.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: write_export_assets FOLDER\n");
        return 2;
    }
    const std::string folder = argv[1];
    try {
        pixart::GenerationMetadata metadata;
        metadata.prompt = "a small cactus with a happy face in the sahara desert";
        metadata.seed = 42;
        metadata.width = 256;
        metadata.height = 128;
        metadata.model = "PixArt-Sigma-XL-2-1024-MS";
        pixart::export_image(pixart::test::make_gradient_image(256, 128), metadata,
                             folder + "/input.png", pixart::ExportOptions{});
        pixart::test::write_bytes(folder + "/cmyk.icc", pixart::test::make_test_cmyk_profile());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "write_export_assets: %s\n", e.what());
        return 1;
    }
    std::printf("wrote %s/input.png and %s/cmyk.icc\n", folder.c_str(), folder.c_str());
    return 0;
}
