// Pixels -> PNG / TIFF / JPEG, with resolution, ICC profile and description: TIFF and JPEG through
// OpenImageIO, PNG by our own multithreaded encoder (png_encoder.h). Rows go out in chunks so a
// cancel takes effect while encoding (the longest stage).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "api/image_export.h"
#include "imaging/pixel_buffer.h"

namespace pixart::imaging {

// A JPEG keeps the settings in one COM segment, which holds 65533 bytes: longer text is left out
// (and the export says so).
constexpr std::size_t kMaxJpegComment = 65000;

struct EncodeSettings {
    ImageFormat format = ImageFormat::Png;
    TiffCompression compression = TiffCompression::Lzw;
    int jpeg_quality = 92;
    int png_compression_level = 6;
    double ppi = 300.0;
    const std::vector<std::uint8_t>* icc_profile = nullptr;  // embedded when set
    std::string description;                                 // TIFF ImageDescription / JPEG comment
    std::string software;                                    // TIFF Software
    std::vector<std::pair<std::string, std::string>> png_texts;  // PNG: keyword -> text chunks
};

// Writes `pixels` to `path` (which exists and is truncated). `keep_going(fraction)` is asked
// between row chunks (not before the first: check before calling); false stops with
// Error(Cancelled). Failures throw Error(Io).
void encode_image(const PixelBuffer& pixels, const std::string& path,
                  const EncodeSettings& settings, const std::function<bool(double)>& keep_going);

}  // namespace pixart::imaging
