#include "imaging/cmyk_converter.h"

#include <OpenImageIO/parallel.h>

#include "api/errors.h"

namespace pixart::imaging {

cmsUInt32Number lcms_intent(RenderingIntent intent) {
    switch (intent) {
        case RenderingIntent::Perceptual:
            return INTENT_PERCEPTUAL;
        case RenderingIntent::RelativeColorimetric:
            return INTENT_RELATIVE_COLORIMETRIC;
        case RenderingIntent::Saturation:
            return INTENT_SATURATION;
        case RenderingIntent::AbsoluteColorimetric:
            return INTENT_ABSOLUTE_COLORIMETRIC;
    }
    return INTENT_RELATIVE_COLORIMETRIC;
}

CmykConverter::CmykConverter(const IccProfile& output, RenderingIntent intent,
                             bool black_point_compensation, int output_bit_depth)
    : bit_depth_(output_bit_depth) {
    if (output.colour_space() != cmsSigCmykData) {
        throw Error(ErrorKind::InvalidArgument,
                    "CMYK profile '" + output.description() + "' is not a CMYK profile");
    }
    const auto device_class = output.device_class();
    if (device_class != cmsSigOutputClass && device_class != cmsSigDisplayClass &&
        device_class != cmsSigColorSpaceClass) {
        throw Error(ErrorKind::InvalidArgument, "CMYK profile '" + output.description() +
                                                    "' is a device link or abstract profile, not "
                                                    "an output (printer) profile");
    }
    const IccProfile srgb = IccProfile::srgb();
    const cmsUInt32Number flags = black_point_compensation ? cmsFLAGS_BLACKPOINTCOMPENSATION : 0;
    cmsHTRANSFORM transform = cmsCreateTransform(
        srgb.handle(), TYPE_RGB_16, output.handle(),
        output_bit_depth == 16 ? TYPE_CMYK_16 : TYPE_CMYK_8, lcms_intent(intent), flags);
    if (!transform) {
        throw Error(ErrorKind::Unsupported, "LittleCMS cannot convert sRGB to '" +
                                                output.description() + "' with the " +
                                                rendering_intent_name(intent) + " intent");
    }
    transform_.reset(transform);
}

PixelBuffer CmykConverter::convert(const PixelBuffer& rgb16) const {
    PixelBuffer out;
    out.width = rgb16.width;
    out.height = rgb16.height;
    out.channels = 4;
    out.bit_depth = bit_depth_;
    out.allocate();
    // cmsDoTransform keeps no per-call state in the transform (its cache is copied), so rows can
    // run concurrently on one transform.
    OIIO::parallel_for(0, rgb16.height, [&](int64_t y) {
        cmsDoTransform(transform_.get(), rgb16.data.data() + y * rgb16.row_bytes(),
                       out.data.data() + y * out.row_bytes(),
                       static_cast<cmsUInt32Number>(rgb16.width));
    });
    return out;
}

}  // namespace pixart::imaging
