// export_image: plan -> resample (float) -> quantize or separate to CMYK -> encode into a
// temporary file -> metadata and tag fix-ups -> atomic rename. Cancel is honoured between stages
// and between encoded row chunks; any failure leaves the target as it was.
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <optional>

#include "api/errors.h"
#include "api/image_export.h"
#include "imaging/atomic_file.h"
#include "imaging/cmyk_converter.h"
#include "imaging/icc_profile.h"
#include "imaging/image_encoder.h"
#include "imaging/pixel_buffer.h"
#include "imaging/resampler.h"
#include "imaging/tiff_directory.h"
#include "imaging/xmp_packet.h"

namespace pixart {
namespace {

using imaging::TiffDirectory;

// Progress of the whole export at the start of each stage (encoding dominates: TOOLCHAIN.md).
constexpr double kResampleStart = 0.0;
constexpr double kColourStart = 0.35;
constexpr double kEncodeStart = 0.45;
constexpr double kFinishStart = 0.95;

void check_image(const Image& image) {
    if (image.empty()) throw Error(ErrorKind::InvalidArgument, "export: the image is empty");
    const std::size_t expected = std::size_t(image.width) * image.height * 3;
    if (image.pixels.size() != expected) {
        throw Error(ErrorKind::InvalidArgument,
                    "export: the image has " + std::to_string(image.pixels.size()) + " values, " +
                        std::to_string(image.width) + "x" + std::to_string(image.height) +
                        " RGB needs " + std::to_string(expected));
    }
}

void finish_tiff(const std::string& path, bool cmyk, const std::string& xmp) {
    TiffDirectory directory(path);
    directory.check_image_data();
    if (cmyk) {
        directory.set_short(TiffDirectory::kPhotometric, 5);  // separated
        directory.set_short(TiffDirectory::kInkSet, 1);       // CMYK
        directory.remove(TiffDirectory::kExtraSamples);
    }
    if (!xmp.empty()) directory.set_bytes(TiffDirectory::kXmp, TiffDirectory::kByte, xmp);
    if (cmyk || !xmp.empty()) directory.save();
}

void finish_jpeg(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    char end[2] = {};
    const auto size = static_cast<std::streamoff>(in.tellg());
    if (size >= 4) {
        in.seekg(size - 2);
        in.read(end, 2);
    }
    if (!in || size < 4 || end[0] != '\xff' || end[1] != '\xd9') {
        throw Error(ErrorKind::Io, path + ": the written JPEG is incomplete; is the disk full?");
    }
}

std::int64_t file_size(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 ? static_cast<std::int64_t>(info.st_size) : 0;
}

}  // namespace

ExportResult export_image(const Image& image, const GenerationMetadata& metadata,
                          const std::string& path, const ExportOptions& options,
                          const ExportProgress& progress, const std::atomic<bool>* cancel) {
    const auto started = std::chrono::steady_clock::now();
    check_image(image);
    ExportResult result;
    result.plan = plan_export(image.width, image.height, options, path);
    result.path = path;
    const ExportPlan& plan = result.plan;

    const auto cancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    const auto check_cancel = [&] {
        if (cancelled()) throw Error(ErrorKind::Cancelled, "export cancelled");
    };
    const auto report = [&](ExportStage stage, double fraction) {
        if (progress) progress(stage, fraction);
    };

    // Cheap failures first: a bad profile or an unwritable folder fails before seconds of work.
    const bool cmyk = !options.cmyk_profile_path.empty();
    std::optional<imaging::IccProfile> cmyk_profile;
    std::optional<imaging::CmykConverter> converter;
    if (cmyk) {
        cmyk_profile = imaging::IccProfile::from_file(options.cmyk_profile_path);
        converter.emplace(*cmyk_profile, options.intent, options.black_point_compensation,
                          plan.bit_depth);
    }
    const imaging::IccProfile srgb = imaging::IccProfile::srgb();
    imaging::AtomicFile file(path);
    check_cancel();

    // 1. Resample the float image (never an 8-bit copy).
    report(ExportStage::Resampling, kResampleStart);
    const bool untouched = plan.crop_width == image.width && plan.crop_height == image.height &&
                           !plan.resampled && plan.width == image.width &&
                           plan.height == image.height;
    imaging::PixelBuffer pixels;
    {
        Image resampled;
        if (!untouched) resampled = imaging::resample_for_plan(image, plan);
        const Image& source = untouched ? image : resampled;
        check_cancel();

        // 2. Integer samples: RGB at the chosen depth, or a CMYK separation from 16-bit RGB.
        report(ExportStage::ConvertingColour, kColourStart);
        pixels = converter ? converter->convert(imaging::quantize(source, 16))
                           : imaging::quantize(source, plan.bit_depth);
    }
    check_cancel();

    // 3. Encode into the temporary file.
    const bool with_metadata =
        options.embed_metadata && (!metadata.prompt.empty() || !metadata.model.empty());
    const std::string a1111 = with_metadata ? to_a1111_parameters(metadata) : "";
    const std::string json = with_metadata ? to_json(metadata) : "";
    imaging::EncodeSettings settings;
    settings.format = plan.format;
    settings.compression = options.compression;
    settings.jpeg_quality = options.jpeg_quality;
    settings.png_compression_level = options.png_compression_level;
    settings.ppi = options.ppi;
    if (options.embed_icc_profile)
        settings.icc_profile = cmyk ? &cmyk_profile->bytes() : &srgb.bytes();
    settings.description = a1111;
    if (with_metadata && plan.format == ImageFormat::Png) {
        settings.png_texts = {{kA1111ParametersKey, a1111}, {kPixArtMetadataKey, json}};
    }
    result.metadata_embedded = with_metadata;
    if (with_metadata && plan.format == ImageFormat::Jpeg &&
        a1111.size() > imaging::kMaxJpegComment) {
        result.metadata_embedded = false;
        result.warnings.push_back("the generation settings (" + std::to_string(a1111.size()) +
                                  " bytes) are longer than a JPEG comment holds and were left "
                                  "out; PNG and TIFF keep them");
    }
    settings.software = metadata.software.empty() ? std::string("PixArt Studio ") + PIXART_VERSION
                                                  : metadata.software;
    report(ExportStage::Encoding, kEncodeStart);
    check_cancel();  // before the encoder opens: a PNG abandoned without rows makes libpng complain
    imaging::encode_image(pixels, file.temporary_path(), settings, [&](double fraction) {
        report(ExportStage::Encoding, kEncodeStart + (kFinishStart - kEncodeStart) * fraction);
        return !cancelled();
    });
    pixels = imaging::PixelBuffer{};
    check_cancel();

    // 4. TIFF and JPEG: metadata OIIO cannot write, tag fixes, and a check that the file is whole.
    report(ExportStage::Finishing, kFinishStart);
    switch (plan.format) {
        case ImageFormat::Png:
            break;  // the encoder wrote the text chunks and checked every write
        case ImageFormat::Tiff:
            finish_tiff(
                file.temporary_path(), cmyk,
                with_metadata ? imaging::make_xmp_packet(a1111, json, settings.software) : "");
            break;
        case ImageFormat::Jpeg:
            finish_jpeg(file.temporary_path());
            break;
    }
    check_cancel();  // the last moment a cancel can keep the old file
    file.commit();
    report(ExportStage::Finishing, 1.0);

    result.bytes = file_size(path);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace pixart
