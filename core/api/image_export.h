// Print and screen export of a generated image: PNG / TIFF / JPEG through OpenImageIO, sizes from
// paper or screen presets, Lanczos upscaling from the float image, the resolution written into the
// file, an embedded ICC profile, CMYK through LittleCMS, metadata, atomic writes.
//
//   pixart::ExportOptions options;
//   options.paper = pixart::parse_paper_size("A4");   // 2480 x 3508 px at 300 ppi
//   options.bleed = pixart::Length::mm(3);
//   options.compression = pixart::TiffCompression::Lzw;
//   pixart::ExportPlan plan = pixart::plan_export(image.width, image.height, options);  // dialog
//   pixart::export_image(image, metadata, "/prints/cactus.tif", options, on_progress, &cancel);
//
// The functions declared here live in pixart::imaging (built with PIXART_WITH_IMAGING); the paper
// and screen preset helpers and plan_export are pure arithmetic and cheap enough for a live
// summary. Thread safety: every function may run on any thread, several at once on different files.
// The cancel flag may be set from another thread; it is checked between stages and while encoding.
// Errors: pixart::Error — InvalidArgument (options), Io (unreadable / unwritable file, full disk),
// CorruptFile (an input image or ICC profile that cannot be read), Unsupported, Cancelled.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/generation_metadata.h"
#include "api/image.h"
#include "api/init_image.h"

namespace pixart {

// ---- file format ----------------------------------------------------------------------------
enum class ImageFormat { Png, Tiff, Jpeg };
const char* image_format_name(ImageFormat format) noexcept;  // "png", "tiff", "jpeg"
ImageFormat image_format_for_path(const std::string& path);  // by extension; InvalidArgument

enum class TiffCompression { None, Lzw, Deflate };
const char* tiff_compression_name(
    TiffCompression compression) noexcept;                        // "none", "lzw", "deflate"
TiffCompression parse_tiff_compression(const std::string& name);  // InvalidArgument

enum class FitMode {
    Fill,  // scale to cover the target, centre-crop the overflow (no borders)
    Fit,   // scale to fit inside the target; the file is the scaled size (no crop, no borders)
    Pad,   // as Fit, then centre on a white canvas of exactly the target size
};
const char* fit_mode_name(FitMode mode) noexcept;  // "fill", "fit", "pad"
FitMode parse_fit_mode(const std::string& name);   // InvalidArgument

// LittleCMS / ICC rendering intents, in ICC order.
enum class RenderingIntent { Perceptual, RelativeColorimetric, Saturation, AbsoluteColorimetric };
const char* rendering_intent_name(RenderingIntent intent) noexcept;  // "perceptual", "relative", …
RenderingIntent parse_rendering_intent(const std::string& name);     // also "relative-colorimetric"

// ---- sizes ------------------------------------------------------------------------------------
enum class LengthUnit { Millimetre, Inch };

struct Length {
    double value = 0.0;
    LengthUnit unit = LengthUnit::Millimetre;
    static Length mm(double v) { return {v, LengthUnit::Millimetre}; }
    static Length inches(double v) { return {v, LengthUnit::Inch}; }
    double in_inches() const { return unit == LengthUnit::Inch ? value : value / 25.4; }
    double in_mm() const { return unit == LengthUnit::Inch ? value * 25.4 : value; }
};
// "3", "3mm", "0.125in", "0.125 in" (a bare number is millimetres). InvalidArgument.
Length parse_length(const std::string& text);

// A paper size, portrait (width <= height for the presets), in its own unit so that US sizes stay
// exact (8.5 in × 300 ppi = 2550 px, not 2549.99…).
struct PaperSize {
    std::string name;  // "A4", "Letter", "18x24in", "200x300mm"
    double width = 0.0;
    double height = 0.0;
    LengthUnit unit = LengthUnit::Millimetre;
};
// A5, A4, A3, A2, Letter, Tabloid, 18x24in.
const std::vector<PaperSize>& paper_presets();
// A preset name (case-insensitive) or a custom "WxHmm" / "WxHin" (e.g. "200x300mm", "8x10in").
PaperSize parse_paper_size(const std::string& text);

struct ScreenPreset {
    std::string name;  // "4k-uhd", "4096", "dci-4k"
    std::string label;
    int width = 0;
    int height = 0;
};
// 4K UHD 3840×2160, 4096×4096, DCI 4K 4096×2160.
const std::vector<ScreenPreset>& screen_presets();
// "WxH" in pixels or a screen preset name. Returns {width, height}; InvalidArgument.
std::pair<int, int> parse_pixel_size(const std::string& text);

// Pixels a length covers at `ppi`, rounded to nearest (A4 at 300 ppi: 2480 x 3508).
int length_to_pixels(const Length& length, double ppi);

// ---- options, plan, result
// ------------------------------------------------------------------------
struct ExportOptions {
    std::optional<ImageFormat> format;  // nullopt: from the output path's extension
    int bit_depth = 0;  // 8 or 16; 0 = 16 for PNG/TIFF, 8 for JPEG (JPEG holds 8 bits only)
    TiffCompression compression = TiffCompression::Lzw;  // TIFF only
    int jpeg_quality = 92;                               // 1..100
    int png_compression_level = 6;  // zlib 0..9, as libpng; 16-bit rows use run-length matching
                                    // where it costs < 2 % (png_encoder.cpp), 9 always searches
    double ppi = 300.0;  // written into the file; with a paper size it also sets the pixel size

    // Target size: a paper (at ppi, plus bleed on every side), or pixels (screen preset / custom),
    // or neither (keep the source pixels, only write ppi).
    std::optional<PaperSize> paper;
    bool landscape = false;  // swap the paper's width and height
    Length bleed;            // per side; 0 = none (3 mm EU, 0.125 in US)
    int target_width = 0;    // pixels; used when paper is not set (0 = source size)
    int target_height = 0;
    FitMode fit = FitMode::Fill;

    // CMYK (TIFF only): convert with LittleCMS to this output profile, and embed it.
    std::string cmyk_profile_path;
    RenderingIntent intent = RenderingIntent::RelativeColorimetric;
    bool black_point_compensation = true;

    bool embed_icc_profile = true;  // sRGB (RGB output) or the CMYK profile
    bool embed_metadata = true;
};

// How the generation library stores every image (the studio, `pixart-cli batch --library`):
// 16-bit PNG from the float pixels, the sRGB profile, 72 ppi (a screen image: exports set print
// sizes), the A1111 parameters and our JSON embedded.
inline constexpr double kLibraryImagePpi = 72.0;
ExportOptions library_image_options();

struct ExportPlan {
    ImageFormat format = ImageFormat::Png;
    int width = 0;  // pixels of the written file
    int height = 0;
    int channels = 3;  // 4 for CMYK
    int bit_depth = 16;
    // Part of the source that is used (Fill crops), and the size it is resampled to.
    int crop_x = 0;
    int crop_y = 0;
    int crop_width = 0;
    int crop_height = 0;
    int scaled_width = 0;
    int scaled_height = 0;
    double scale = 1.0;           // output pixels per source pixel
    bool resampled = false;       // false: the source pixels are written as they are
    double effective_ppi = 0.0;   // source pixels per printed inch (ppi / scale)
    double print_width_mm = 0.0;  // of the whole file at ppi (bleed included)
    double print_height_mm = 0.0;
    int bleed_pixels = 0;              // per side
    std::int64_t estimated_bytes = 0;  // rough, for the dialog
    std::vector<std::string> notes;    // human-readable remarks ("upscaled 1.71x", …)
};

// What export_image would do with a source of this size. Throws InvalidArgument for bad options
// (bit depth, ppi, sizes, CMYK with a non-TIFF format, …); does not touch the CMYK profile file.
ExportPlan plan_export(int source_width, int source_height, const ExportOptions& options,
                       const std::string& output_path = {});

enum class ExportStage { Resampling, ConvertingColour, Encoding, Finishing };
const char* export_stage_name(ExportStage stage) noexcept;
// fraction: the whole export's progress in [0, 1].
using ExportProgress = std::function<void(ExportStage stage, double fraction)>;

struct ExportResult {
    ExportPlan plan;
    std::string path;
    std::int64_t bytes = 0;
    double seconds = 0.0;
    bool metadata_embedded = false;     // the settings are in the file (false: none, or left out)
    std::vector<std::string> warnings;  // what was written otherwise than asked, for the user
};

// Writes `image` (float sRGB, 0..1) to `path` atomically: a temporary file in the same folder,
// renamed over `path` only when complete, so a failed or cancelled export leaves no partial file
// and never replaces an existing one. Resampling runs on the float image (Lanczos-3).
// `metadata` with an empty prompt and model counts as none (an image from elsewhere): nothing is
// embedded rather than made-up settings.
ExportResult export_image(const Image& image, const GenerationMetadata& metadata,
                          const std::string& path, const ExportOptions& options,
                          const ExportProgress& progress = {},
                          const std::atomic<bool>* cancel = nullptr);

// ---- reading --------------------------------------------------------------------------------
// Any image OpenImageIO reads, as float sRGB RGB: grey is expanded, alpha dropped, CMYK and
// non-sRGB RGB converted to sRGB through the embedded ICC profile (LittleCMS).
Image read_image(const std::string& path);

// An image-to-image starting picture: read_image's pixels, the path and the SHA-256 of the file
// (recorded in the metadata; "use again" checks the file is still the same).
InitImage read_init_image(const std::string& path);
// "Use again" of an image-to-image result: puts the metadata's picture into `request` when its
// file is still there. Returns "" when done (or when the metadata is text-to-image), else what to
// tell the user: the file is gone or unreadable (request left without a picture), or it changed
// since (its SHA-256 differs; it is used as it is now).
std::string attach_init_image(const GenerationMetadata& metadata, GenerationRequest& request);
// The image `factor` times larger, Lanczos-3 in linear light (sRGB decoded, resampled, encoded
// again, clamped to [0, 1]): "Refine for print" before its image-to-image pass. Throws
// InvalidArgument beyond kMaxImageSide.
Image upscale_in_linear_light(const Image& source, int factor);
// Lowercase hex SHA-256 of a file's bytes. Throws pixart::Error(Io).
std::string file_sha256(const std::string& path);

struct ImageFileInfo {
    int width = 0;
    int height = 0;
    int channels = 0;
    int bit_depth = 0;
    std::string format;                              // "png", "tiff", "jpeg", …
    double ppi = 0.0;                                // 0 = not recorded
    std::string icc_description;                     // "" = no embedded profile
    std::map<std::string, std::string> text_fields;  // text chunks / description / comment
};
ImageFileInfo read_image_info(const std::string& path);

// The checks every reader here makes before a decoder sees a file, for decoders outside this
// library (the studio's Qt thumbnails and viewer): a regular file, and for a PNG, chunk lengths
// within the file (libpng allocates what a chunk claims before reading it: a damaged 920-byte
// file can cost 2 GB). Throws pixart::Error (Io, CorruptFile) saying what is wrong.
void check_image_file(const std::string& path);

// The generation settings an image carries (ours, A1111, ComfyUI, InvokeAI), or nullopt.
std::optional<GenerationMetadata> read_image_metadata(const std::string& path);

}  // namespace pixart
