#include "imaging/image_encoder.h"

#include <OpenImageIO/imageio.h>

#include <algorithm>

#include "api/errors.h"
#include "imaging/png_encoder.h"

namespace pixart::imaging {
namespace {

constexpr std::size_t kChunkBytes = 8u << 20;

const char* tiff_compression_attribute(TiffCompression compression) {
    switch (compression) {
        case TiffCompression::None:
            return "none";
        case TiffCompression::Lzw:
            return "lzw";
        case TiffCompression::Deflate:
            return "zip";
    }
    return "lzw";
}

OIIO::ImageSpec make_spec(const PixelBuffer& pixels, const EncodeSettings& s) {
    OIIO::ImageSpec spec(pixels.width, pixels.height, pixels.channels,
                         pixels.bit_depth == 16 ? OIIO::TypeDesc::UINT16 : OIIO::TypeDesc::UINT8);
    if (pixels.channels == 4) {
        // CMYK samples: no alpha, no ExtraSamples tag (TiffDirectory sets the photometric).
        spec.channelnames = {"C", "M", "Y", "K"};
        spec.alpha_channel = -1;
        spec.attribute("tiff:write_extrasamples", 0);
    }
    spec.attribute("XResolution", static_cast<float>(s.ppi));
    spec.attribute("YResolution", static_cast<float>(s.ppi));
    spec.attribute("ResolutionUnit", "in");  // the JPEG writer knows "in" only; TIFF both
    if (s.icc_profile && !s.icc_profile->empty()) {
        spec.attribute("ICCProfile", OIIO::TypeDesc(OIIO::TypeDesc::UINT8, s.icc_profile->size()),
                       s.icc_profile->data());
    }
    if (s.format == ImageFormat::Tiff) {
        spec.attribute("compression", tiff_compression_attribute(s.compression));
        if (!s.description.empty()) spec.attribute("ImageDescription", s.description);
        if (!s.software.empty()) spec.attribute("Software", s.software);
    }
    if (s.format == ImageFormat::Jpeg) {
        spec.attribute("Compression", "jpeg:" + std::to_string(s.jpeg_quality));
        if (!s.description.empty() && s.description.size() <= kMaxJpegComment) {
            spec.attribute("ImageDescription", s.description);  // written as the COM segment
        }
    }
    return spec;
}

}  // namespace

void encode_image(const PixelBuffer& pixels, const std::string& path,
                  const EncodeSettings& settings, const std::function<bool(double)>& keep_going) {
    if (settings.format == ImageFormat::Png) {
        encode_png(pixels, path, settings, keep_going);
        return;
    }
    auto out = OIIO::ImageOutput::create(image_format_name(settings.format));
    if (!out) {
        throw Error(ErrorKind::Unsupported, std::string("OpenImageIO has no ") +
                                                image_format_name(settings.format) + " writer");
    }
    const OIIO::ImageSpec spec = make_spec(pixels, settings);
    if (!out->open(path, spec))
        throw Error(ErrorKind::Io, path + ": cannot write: " + out->geterror());

    const OIIO::TypeDesc type =
        pixels.bit_depth == 16 ? OIIO::TypeDesc::UINT16 : OIIO::TypeDesc::UINT8;
    const std::size_t row_bytes = pixels.row_bytes();
    const int rows_per_chunk = static_cast<int>(std::max<std::size_t>(1, kChunkBytes / row_bytes));
    for (int y = 0; y < pixels.height; y += rows_per_chunk) {
        if (y > 0 && keep_going && !keep_going(double(y) / pixels.height)) {
            out.reset();  // abandons the file; the caller removes it
            throw Error(ErrorKind::Cancelled, "export cancelled");
        }
        const int end = std::min(pixels.height, y + rows_per_chunk);
        if (!out->write_scanlines(y, end, 0, type,
                                  pixels.data.data() + std::size_t(y) * row_bytes)) {
            throw Error(ErrorKind::Io, path + ": writing failed: " + out->geterror());
        }
    }
    if (!out->close())
        throw Error(ErrorKind::Io, path + ": finishing the file failed: " + out->geterror());
    if (keep_going) keep_going(1.0);
}

}  // namespace pixart::imaging
