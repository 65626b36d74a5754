// Name <-> value pairs of the export enums: what the CLI accepts and lists, what the studio shows.
#include <string>

#include "api/errors.h"
#include "api/image_export.h"
#include "imaging/ascii_lower.h"

namespace pixart {
namespace {

std::string extension_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const auto dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    return imaging::ascii_lower(path.substr(dot + 1));
}

}  // namespace

const char* image_format_name(ImageFormat format) noexcept {
    switch (format) {
        case ImageFormat::Png:
            return "png";
        case ImageFormat::Tiff:
            return "tiff";
        case ImageFormat::Jpeg:
            return "jpeg";
    }
    return "png";
}

ImageFormat image_format_for_path(const std::string& path) {
    const std::string ext = extension_of(path);
    if (ext == "png") return ImageFormat::Png;
    if (ext == "tif" || ext == "tiff") return ImageFormat::Tiff;
    if (ext == "jpg" || ext == "jpeg") return ImageFormat::Jpeg;
    throw Error(ErrorKind::InvalidArgument,
                path + ": unknown image type '." + ext + "' (use .png, .tif/.tiff or .jpg/.jpeg)");
}

const char* tiff_compression_name(TiffCompression compression) noexcept {
    switch (compression) {
        case TiffCompression::None:
            return "none";
        case TiffCompression::Lzw:
            return "lzw";
        case TiffCompression::Deflate:
            return "deflate";
    }
    return "none";
}

TiffCompression parse_tiff_compression(const std::string& name) {
    const std::string n = imaging::ascii_lower(name);
    if (n == "none") return TiffCompression::None;
    if (n == "lzw") return TiffCompression::Lzw;
    if (n == "deflate" || n == "zip") return TiffCompression::Deflate;
    throw Error(ErrorKind::InvalidArgument,
                "compression '" + name + "' is not one of none, lzw, deflate");
}

const char* fit_mode_name(FitMode mode) noexcept {
    switch (mode) {
        case FitMode::Fill:
            return "fill";
        case FitMode::Fit:
            return "fit";
        case FitMode::Pad:
            return "pad";
    }
    return "fill";
}

FitMode parse_fit_mode(const std::string& name) {
    const std::string n = imaging::ascii_lower(name);
    if (n == "fill") return FitMode::Fill;
    if (n == "fit") return FitMode::Fit;
    if (n == "pad") return FitMode::Pad;
    throw Error(ErrorKind::InvalidArgument, "fit '" + name + "' is not one of fill, fit, pad");
}

const char* rendering_intent_name(RenderingIntent intent) noexcept {
    switch (intent) {
        case RenderingIntent::Perceptual:
            return "perceptual";
        case RenderingIntent::RelativeColorimetric:
            return "relative";
        case RenderingIntent::Saturation:
            return "saturation";
        case RenderingIntent::AbsoluteColorimetric:
            return "absolute";
    }
    return "relative";
}

RenderingIntent parse_rendering_intent(const std::string& name) {
    const std::string n = imaging::ascii_lower(name);
    if (n == "perceptual") return RenderingIntent::Perceptual;
    if (n == "relative" || n == "relative-colorimetric")
        return RenderingIntent::RelativeColorimetric;
    if (n == "saturation") return RenderingIntent::Saturation;
    if (n == "absolute" || n == "absolute-colorimetric")
        return RenderingIntent::AbsoluteColorimetric;
    throw Error(ErrorKind::InvalidArgument,
                "intent '" + name + "' is not one of perceptual, relative, saturation, absolute");
}

const char* export_stage_name(ExportStage stage) noexcept {
    switch (stage) {
        case ExportStage::Resampling:
            return "resampling";
        case ExportStage::ConvertingColour:
            return "converting colour";
        case ExportStage::Encoding:
            return "encoding";
        case ExportStage::Finishing:
            return "finishing";
    }
    return "exporting";
}

}  // namespace pixart
