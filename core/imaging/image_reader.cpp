// Reading images back: pixels as float sRGB (for "export this file", and tests), the file's
// technical facts, and the generation settings it carries.
#include <OpenImageIO/imageio.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <optional>

#include "api/errors.h"
#include "api/image_export.h"
#include "imaging/atomic_file.h"
#include "imaging/icc_profile.h"
#include "imaging/png_chunk_check.h"
#include "imaging/tiff_directory.h"
#include "imaging/xmp_packet.h"
#include "memory/memory_budget.h"
#include "memory/memory_plan.h"

namespace pixart {

void check_image_file(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) imaging::throw_io_error(path, "cannot open", errno);
    if (S_ISDIR(info.st_mode)) throw Error(ErrorKind::Io, path + ": is a folder, not an image");
    // A pipe would block the reader for ever, /dev/zero never ends: regular files only.
    if (!S_ISREG(info.st_mode))
        throw Error(ErrorKind::Io, path + ": is not a regular file (a device, a pipe or a socket)");
    imaging::check_png_chunk_lengths(path);  // before libpng allocates what a chunk claims
}

namespace {

using imaging::IccProfile;

std::unique_ptr<OIIO::ImageInput> open_input(const std::string& path) {
    check_image_file(path);
    // RawColor keeps CMYK as CMYK: we convert with the embedded profile, not OIIO's naive formula.
    OIIO::ImageSpec config;
    config.attribute("oiio:RawColor", 1);
    auto in = OIIO::ImageInput::open(path, &config);
    if (!in)
        throw Error(ErrorKind::CorruptFile,
                    path + ": not a readable image (" + OIIO::geterror() + ")");
    return in;
}

std::optional<IccProfile> embedded_profile(const OIIO::ImageSpec& spec) {
    const OIIO::ParamValue* p = spec.find_attribute("ICCProfile");
    if (!p || p->type().basetype != OIIO::TypeDesc::UINT8 || p->type().size() == 0)
        return std::nullopt;
    const auto* data = static_cast<const std::uint8_t*>(p->data());
    try {
        return IccProfile::from_bytes(std::vector<std::uint8_t>(data, data + p->type().size()),
                                      "embedded");
    } catch (const Error&) {
        return std::nullopt;  // a broken embedded profile: read the pixels as sRGB
    }
}

bool is_cmyk(const OIIO::ImageSpec& spec) {
    return spec.nchannels == 4 && (spec.get_int_attribute("tiff:PhotometricInterpretation") == 5 ||
                                   spec.get_string_attribute("oiio:ColorSpace") == "CMYK");
}

// Profile -> sRGB with LittleCMS; `in_format` describes `input` (one row per call).
void to_srgb(const IccProfile& profile, cmsUInt32Number in_format, const void* input,
             std::size_t in_row_bytes, Image& out) {
    const IccProfile srgb = IccProfile::srgb();
    cmsHTRANSFORM transform =
        cmsCreateTransform(profile.handle(), in_format, srgb.handle(), TYPE_RGB_FLT,
                           INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION);
    if (!transform) {
        throw Error(ErrorKind::Unsupported,
                    "LittleCMS cannot convert '" + profile.description() + "' to sRGB");
    }
    for (int y = 0; y < out.height; ++y) {
        cmsDoTransform(transform,
                       static_cast<const std::uint8_t*>(input) + std::size_t(y) * in_row_bytes,
                       out.pixels.data() + std::size_t(y) * out.width * 3,
                       static_cast<cmsUInt32Number>(out.width));
    }
    cmsDeleteTransform(transform);
}

// The header's size, checked before any pixel is allocated: a 167-byte PNG may claim
// 30000 x 30000 (10.8 GB of float RGB). Bounded like the export plan's sizes, then compared with
// the memory this process may use (the decode buffer and the float image, at once).
void check_image_size(const std::string& path, const OIIO::ImageSpec& spec) {
    constexpr int kMaxSide = 65535;
    constexpr std::int64_t kMaxPixels = 400'000'000;
    if (spec.width < 1 || spec.height < 1 || spec.width > kMaxSide || spec.height > kMaxSide ||
        std::int64_t{spec.width} * spec.height > kMaxPixels) {
        throw Error(ErrorKind::CorruptFile, path + ": claims " + std::to_string(spec.width) + "x" +
                                                std::to_string(spec.height) + " pixels (at most " +
                                                std::to_string(kMaxSide) +
                                                " per side and 400 megapixels)");
    }
    const std::int64_t needed =
        std::int64_t{spec.width} * spec.height * (std::max(spec.nchannels, 4) + 3) * 4;
    const MemoryBudget budget = memory_budget();
    if (needed + kMemoryHeadroom > budget.bytes) {
        throw Error(ErrorKind::OutOfMemory,
                    path + ": reading its " + std::to_string(spec.width) + "x" +
                        std::to_string(spec.height) + " pixels needs about " +
                        format_bytes(needed) + ", this process may use " +
                        format_bytes(budget.bytes) + " (" + budget.source + ")");
    }
}

}  // namespace

namespace {

// The pixels as stored, each divided by the format's maximum in float32.
template <typename T>
void read_integers(OIIO::ImageInput& in, const std::string& path, int channels, OIIO::TypeDesc type,
                   float maximum, std::vector<float>& out) {
    std::vector<T> values(out.size());
    if (!in.read_image(0, 0, 0, channels, type, values.data())) {
        throw Error(ErrorKind::CorruptFile, path + ": " + in.geterror());
    }
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<float>(values[i]) / maximum;
}

}  // namespace

Image read_image(const std::string& path) {
    auto in = open_input(path);
    const OIIO::ImageSpec spec = in->spec();
    const int channels = spec.nchannels;
    if (channels < 1) throw Error(ErrorKind::CorruptFile, path + ": image without channels");
    check_image_size(path, spec);
    Image out;
    out.width = spec.width;
    out.height = spec.height;
    out.pixels.resize(std::size_t(out.width) * out.height * 3);
    const std::optional<IccProfile> profile = embedded_profile(spec);

    if (is_cmyk(spec)) {
        std::vector<std::uint16_t> cmyk(std::size_t(out.width) * out.height * 4);
        if (!in->read_image(0, 0, 0, 4, OIIO::TypeDesc::UINT16, cmyk.data())) {
            throw Error(ErrorKind::CorruptFile, path + ": " + in->geterror());
        }
        if (profile && profile->colour_space() == cmsSigCmykData) {
            to_srgb(*profile, TYPE_CMYK_16, cmyk.data(), std::size_t(out.width) * 8, out);
        } else {
            for (std::size_t i = 0; i < std::size_t(out.width) * out.height;
                 ++i) {  // no profile: naive
                const float k = 1.0f - cmyk[i * 4 + 3] / 65535.0f;
                for (int c = 0; c < 3; ++c)
                    out.pixels[i * 3 + c] = (1.0f - cmyk[i * 4 + c] / 65535.0f) * k;
            }
        }
        return out;
    }

    std::vector<float> raw(std::size_t(out.width) * out.height * channels);
    if (spec.format == OIIO::TypeDesc::UINT8 || spec.format == OIIO::TypeDesc::UINT16) {
        // Integer pixels are divided by their maximum (u8 / 255.0f, as numpy does for diffusers'
        // image processor): OpenImageIO multiplies by a rounded reciprocal, one bit off for 111
        // of the 256 8-bit values, which image-to-image would carry into the latents.
        if (spec.format == OIIO::TypeDesc::UINT8) {
            read_integers<std::uint8_t>(*in, path, channels, OIIO::TypeDesc::UINT8, 255.0f, raw);
        } else {
            read_integers<std::uint16_t>(*in, path, channels, OIIO::TypeDesc::UINT16, 65535.0f,
                                         raw);
        }
    } else if (!in->read_image(0, 0, 0, channels, OIIO::TypeDesc::FLOAT, raw.data())) {
        throw Error(ErrorKind::CorruptFile, path + ": " + in->geterror());
    }
    const int colour_channels = channels >= 3 ? 3 : 1;  // alpha (and extra channels) dropped
    for (std::size_t i = 0; i < std::size_t(out.width) * out.height; ++i) {
        for (int c = 0; c < 3; ++c)
            out.pixels[i * 3 + c] = raw[i * channels + (colour_channels == 3 ? c : 0)];
    }
    if (profile && colour_channels == 3 && profile->colour_space() == cmsSigRgbData &&
        !profile->looks_like_srgb()) {
        const std::vector<float> rgb = out.pixels;
        to_srgb(*profile, TYPE_RGB_FLT, rgb.data(), std::size_t(out.width) * 3 * sizeof(float),
                out);
    }
    return out;
}

ImageFileInfo read_image_info(const std::string& path) {
    auto in = open_input(path);
    const OIIO::ImageSpec& spec = in->spec();
    ImageFileInfo info;
    info.width = spec.width;
    info.height = spec.height;
    info.channels = spec.nchannels;
    info.bit_depth =
        spec.get_int_attribute("oiio:BitsPerSample", static_cast<int>(spec.format.size() * 8));
    info.format = in->format_name();
    const float xres = spec.get_float_attribute("XResolution", 0.0f);
    const std::string unit = spec.get_string_attribute("ResolutionUnit");
    if (unit == "inch" || unit == "in")
        info.ppi = xres;
    else if (unit == "cm")
        info.ppi = xres * 2.54;
    if (const auto profile = embedded_profile(spec)) info.icc_description = profile->description();
    for (const auto& attribute : spec.extra_attribs) {
        if (attribute.type() == OIIO::TypeDesc::STRING) {
            info.text_fields[attribute.name().string()] = attribute.get_string();
        }
    }
    if (info.format == "tiff") {
        // Our JSON lives in the XMP packet, which OIIO 2.4 does not hand over verbatim.
        try {
            const imaging::TiffDirectory directory(path);
            const auto xmp = directory.bytes(imaging::TiffDirectory::kXmp);
            const std::string json =
                imaging::xmp_element_text(std::string(xmp.begin(), xmp.end()), "pixart:generation");
            if (!json.empty()) info.text_fields[kPixArtMetadataKey] = json;
        } catch (const Error&) {
            // not a classic TIFF, or no readable XMP: the description still counts
        }
    }
    return info;
}

std::optional<GenerationMetadata> read_image_metadata(const std::string& path) {
    return metadata_from_text_fields(read_image_info(path).text_fields);
}

}  // namespace pixart
