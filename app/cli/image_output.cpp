#include "image_output.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "api/errors.h"
#include "export_options.h"

#ifdef PIXART_CLI_WITH_IMAGING
#include "api/generation_metadata.h"
#include "api/image_export.h"
#endif

namespace fs = std::filesystem;

namespace pixart::cli {

#ifndef PIXART_CLI_WITH_IMAGING

void check_output_options(const CommandLine&, const std::string&) {
    throw Error(ErrorKind::Unsupported,
                "--out: this pixart-cli was built without imaging (-DPIXART_WITH_IMAGING=ON)");
}

std::vector<std::string> write_generated_images(const CommandLine&, const std::string&,
                                                const GenerationResult&, const GenerationRequest&,
                                                const ModelInfo&) {
    return {};
}

void write_image(const CommandLine&, const std::string&, const Image&, const GenerationMetadata&) {}

std::string default_output_path(const std::string&, std::uint64_t) {
    throw Error(ErrorKind::Unsupported,
                "this pixart-cli was built without imaging (-DPIXART_WITH_IMAGING=ON): it "
                "cannot write images; give --dump FILE.safetensors for the tensors");
}

std::shared_ptr<const InitImage> read_cli_init_image(const std::string&) {
    throw Error(ErrorKind::Unsupported,
                "--init-image: this pixart-cli was built without imaging "
                "(-DPIXART_WITH_IMAGING=ON)");
}

#else

std::shared_ptr<const InitImage> read_cli_init_image(const std::string& path) {
    try {
        return std::make_shared<const InitImage>(read_init_image(path));
    } catch (const Error& e) {
        throw Error(e.kind(), std::string("--init-image: ") + e.what());
    }
}

namespace {

// photo.png → photo_0.png, photo_1.png … when one call makes several images.
std::string numbered(const std::string& path, std::size_t index, std::size_t count) {
    if (count == 1) return path;
    const fs::path p(path);
    return (p.parent_path() /
            (p.stem().string() + "_" + std::to_string(index) + p.extension().string()))
        .string();
}

ExportOptions output_options(const CommandLine& cl, const std::string& path) {
    ExportOptions options = export_options_from(cl, path);
    // The contract: a plain --out x.png is an 8-bit PNG (16-bit on request with --depth
    // 16).
    if (options.bit_depth == 0 && image_format_for_path(path) == ImageFormat::Png)
        options.bit_depth = 8;
    return options;
}

}  // namespace

std::string default_output_path(const std::string& folder, std::uint64_t seed) {
    // The next free number: NNNN-seedS.png after the highest NNNN- already in the folder.
    int highest = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 5 && name[4] == '-' &&
            std::all_of(name.begin(), name.begin() + 4,
                        [](char c) { return c >= '0' && c <= '9'; }))
            highest = std::max(highest, std::stoi(name.substr(0, 4)));
    }
    char number[16];
    std::snprintf(number, sizeof number, "%04d", highest + 1);
    return (fs::path(folder) / (std::string(number) + "-seed" + std::to_string(seed) + ".png"))
        .string();
}

void check_output_options(const CommandLine& cl, const std::string& path) {
    output_options(cl, path);
    const fs::path folder = fs::absolute(path).parent_path();
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        throw Error(ErrorKind::Io, path + ": the folder " + folder.string() + " does not exist");
    }
}

void write_image(const CommandLine& cl, const std::string& path, const Image& image,
                 const GenerationMetadata& metadata) {
    export_image(image, metadata, path, output_options(cl, path));
}

std::vector<std::string> write_generated_images(const CommandLine& cl, const std::string& path,
                                                const GenerationResult& result,
                                                const GenerationRequest& request,
                                                const ModelInfo& model) {
    const ExportOptions options = output_options(cl, path);
    std::vector<std::string> written;
    const std::size_t count = result.images.size();
    for (std::size_t i = 0; i < count; ++i) {
        // Images come prompt-major: prompt p's images_per_prompt images, then the next prompt's.
        const int prompt = static_cast<int>(i) / request.images_per_prompt;
        const int image = static_cast<int>(i) % request.images_per_prompt;
        GenerationMetadata metadata = metadata_for(request, prompt, image, model.name);
        // The size made, not the one asked for (0 = the model's native size).
        metadata.width = result.images[i].width;
        metadata.height = result.images[i].height;
        metadata.duration_seconds = result.seconds;
        const std::string target = numbered(path, i, count);
        export_image(result.images[i], metadata, target, options);
        written.push_back(target);
    }
    return written;
}

#endif

}  // namespace pixart::cli
