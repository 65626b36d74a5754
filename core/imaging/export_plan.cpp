// The arithmetic of an export: target pixels from paper (+ bleed) or screen size, the crop or fit
// of the source, the scale, the effective ppi and a file size estimate. No pixels are touched,
// so the export dialog can call it on every change.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "api/errors.h"
#include "api/image_export.h"

namespace pixart {
namespace {

constexpr int kMaxSide = 65535;                   // PNG/TIFF readers' common limit
constexpr std::int64_t kMaxPixels = 400'000'000;  // ~4.8 GB of float RGB while resampling

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorKind::InvalidArgument, "export: " + message);
}

int clamp_side(double v, int max) { return std::clamp(static_cast<int>(std::lround(v)), 1, max); }

// Rough compressed/raw size ratios measured on generated images (16-bit LZW barely compresses
// sensor-like noise; 8-bit PNG about halves).
double compression_ratio(ImageFormat format, TiffCompression compression, int bit_depth) {
    switch (format) {
        case ImageFormat::Jpeg:
            return 0.12;
        case ImageFormat::Png:
            return bit_depth == 16 ? 0.8 : 0.55;
        case ImageFormat::Tiff:
            if (compression == TiffCompression::None) return 1.0;
            if (compression == TiffCompression::Lzw) return bit_depth == 16 ? 0.97 : 0.7;
            return bit_depth == 16 ? 0.8 : 0.6;
    }
    return 1.0;
}

std::string format_number(const char* pattern, double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, v);
    return buffer;
}

}  // namespace

ExportPlan plan_export(int source_width, int source_height, const ExportOptions& options,
                       const std::string& output_path) {
    if (source_width <= 0 || source_height <= 0) invalid("the source image is empty");
    if (!(options.ppi >= 1.0 && options.ppi <= 100000.0)) {
        invalid("ppi " + format_number("%g", options.ppi) + " is out of range [1, 100000]");
    }
    if (options.bit_depth != 0 && options.bit_depth != 8 && options.bit_depth != 16) {
        invalid("bit depth " + std::to_string(options.bit_depth) + " is not 8 or 16");
    }
    ExportPlan plan;
    if (options.format) {
        plan.format = *options.format;
    } else if (!output_path.empty()) {
        plan.format = image_format_for_path(output_path);
    } else {
        plan.format = ImageFormat::Png;
    }
    plan.bit_depth = options.bit_depth != 0             ? options.bit_depth
                     : plan.format == ImageFormat::Jpeg ? 8
                                                        : 16;
    if (plan.format == ImageFormat::Jpeg && plan.bit_depth != 8) {
        invalid("JPEG holds 8 bits per channel; choose 8-bit, or PNG/TIFF for 16-bit");
    }
    if (plan.format == ImageFormat::Jpeg &&
        (options.jpeg_quality < 1 || options.jpeg_quality > 100)) {
        invalid("JPEG quality " + std::to_string(options.jpeg_quality) +
                " is out of range [1, 100]");
    }
    if (options.png_compression_level < 0 || options.png_compression_level > 9) {
        invalid("PNG compression level " + std::to_string(options.png_compression_level) +
                " is out of range [0, 9]");
    }
    const bool cmyk = !options.cmyk_profile_path.empty();
    if (cmyk && plan.format != ImageFormat::Tiff) invalid("CMYK output needs a TIFF file (.tif)");
    if (options.bleed.value < 0.0 || !std::isfinite(options.bleed.value))
        invalid("bleed must not be negative");

    // 1. Target size.
    int target_width = source_width;
    int target_height = source_height;
    bool has_target = false;
    if (options.paper) {
        PaperSize paper = *options.paper;
        if (!(paper.width > 0.0 && paper.height > 0.0))
            invalid("paper '" + paper.name + "' has no size");
        if (options.landscape) std::swap(paper.width, paper.height);
        plan.bleed_pixels = length_to_pixels(options.bleed, options.ppi);
        if (plan.bleed_pixels > kMaxSide)
            invalid("bleed " + format_number("%g", options.bleed.value) + " " +
                    (options.bleed.unit == LengthUnit::Inch ? "in" : "mm") + " at " +
                    format_number("%g", options.ppi) + " ppi is more than 65535 px");
        const double w =
            length_to_pixels({paper.width, paper.unit}, options.ppi) + 2.0 * plan.bleed_pixels;
        const double h =
            length_to_pixels({paper.height, paper.unit}, options.ppi) + 2.0 * plan.bleed_pixels;
        if (w > kMaxSide || h > kMaxSide || w < 1 || h < 1) {
            invalid("paper " + paper.name + " at " + format_number("%g", options.ppi) + " ppi is " +
                    format_number("%.0f", w) + "x" + format_number("%.0f", h) +
                    " px, outside 1..65535 px per side");
        }
        target_width = static_cast<int>(w);
        target_height = static_cast<int>(h);
        has_target = true;
    } else if (options.target_width > 0 || options.target_height > 0) {
        if (options.target_width <= 0 || options.target_height <= 0 ||
            options.target_width > kMaxSide || options.target_height > kMaxSide) {
            invalid("target size " + std::to_string(options.target_width) + "x" +
                    std::to_string(options.target_height) + " needs both sides in 1..65535");
        }
        if (options.bleed.value > 0.0) invalid("bleed needs a paper size");
        target_width = options.target_width;
        target_height = options.target_height;
        has_target = true;
    } else if (options.bleed.value > 0.0) {
        invalid("bleed needs a paper size");
    }
    if (static_cast<std::int64_t>(target_width) * target_height > kMaxPixels) {
        invalid(std::to_string(target_width) + "x" + std::to_string(target_height) +
                " px is more than this build exports (400 megapixels)");
    }

    // 2. Crop (Fill) or fit, and the scale.
    plan.crop_width = source_width;
    plan.crop_height = source_height;
    if (!has_target) {
        plan.scaled_width = plan.width = source_width;
        plan.scaled_height = plan.height = source_height;
    } else if (options.fit == FitMode::Fill) {
        // Cut the source to the target's aspect ratio, centred; then scale that to the target.
        if (static_cast<std::int64_t>(source_width) * target_height >
            static_cast<std::int64_t>(target_width) * source_height) {
            plan.crop_width =
                clamp_side(double(source_height) * target_width / target_height, source_width);
        } else {
            plan.crop_height =
                clamp_side(double(source_width) * target_height / target_width, source_height);
        }
        plan.crop_x = (source_width - plan.crop_width) / 2;
        plan.crop_y = (source_height - plan.crop_height) / 2;
        plan.scaled_width = plan.width = target_width;
        plan.scaled_height = plan.height = target_height;
    } else {
        const double s =
            std::min(double(target_width) / source_width, double(target_height) / source_height);
        plan.scaled_width = clamp_side(source_width * s, target_width);
        plan.scaled_height = clamp_side(source_height * s, target_height);
        plan.width = options.fit == FitMode::Pad ? target_width : plan.scaled_width;
        plan.height = options.fit == FitMode::Pad ? target_height : plan.scaled_height;
    }
    plan.scale = double(plan.scaled_width) / plan.crop_width;
    plan.resampled = plan.scaled_width != plan.crop_width || plan.scaled_height != plan.crop_height;
    plan.effective_ppi = options.ppi / plan.scale;

    // 3. Print size, file, notes.
    plan.channels = cmyk ? 4 : 3;
    plan.print_width_mm = plan.width / options.ppi * 25.4;
    plan.print_height_mm = plan.height / options.ppi * 25.4;
    const double raw = double(plan.width) * plan.height * plan.channels * (plan.bit_depth / 8);
    plan.estimated_bytes = static_cast<std::int64_t>(
        raw * compression_ratio(plan.format, options.compression, plan.bit_depth) + 4096);

    if (plan.crop_width != source_width || plan.crop_height != source_height) {
        plan.notes.push_back("cropped to the centre " + std::to_string(plan.crop_width) + "x" +
                             std::to_string(plan.crop_height) + " of " +
                             std::to_string(source_width) + "x" + std::to_string(source_height));
    }
    if (plan.resampled) {
        plan.notes.push_back(std::string(plan.scale > 1.0 ? "upscaled " : "downscaled ") +
                             format_number("%.2fx", plan.scale) + " with Lanczos-3");
    }
    if (options.fit == FitMode::Pad && has_target &&
        (plan.scaled_width != plan.width || plan.scaled_height != plan.height)) {
        plan.notes.push_back("white borders to fill " + std::to_string(plan.width) + "x" +
                             std::to_string(plan.height));
    }
    if (options.paper && plan.effective_ppi < 150.0) {
        plan.notes.push_back("below 150 ppi: fine detail will look soft at this print size");
    }
    return plan;
}

}  // namespace pixart
