// upscale_in_linear_light (api/image_export.h): "Refine for print"'s enlargement. Resampling the
// sRGB values directly darkens fine bright detail (the filter averages gamma-encoded values);
// in linear light the average is one of light, so edges keep their brightness.
#include <algorithm>
#include <cmath>

#include "api/errors.h"
#include "api/image_export.h"
#include "imaging/resampler.h"

namespace pixart {
namespace {

// IEC 61966-2-1 transfer functions.
float to_linear(float v) {
    return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f);
}

float to_srgb(float v) {
    v = std::clamp(v, 0.0f, 1.0f);
    return v <= 0.0031308f ? v * 12.92f : 1.055f * std::pow(v, 1.0f / 2.4f) - 0.055f;
}

}  // namespace

Image upscale_in_linear_light(const Image& source, int factor) {
    if (source.empty() || factor < 1 ||
        static_cast<long long>(source.width) * factor > kMaxImageSide ||
        static_cast<long long>(source.height) * factor > kMaxImageSide) {
        throw Error(ErrorKind::InvalidArgument, "upscale: " + std::to_string(source.width) + "x" +
                                                    std::to_string(source.height) + " x" +
                                                    std::to_string(factor) + " is beyond " +
                                                    std::to_string(kMaxImageSide) + " px a side");
    }
    Image linear = source;
    for (float& v : linear.pixels) v = to_linear(std::clamp(v, 0.0f, 1.0f));
    Image out = imaging::lanczos_resize(linear, source.width * factor, source.height * factor);
    for (float& v : out.pixels) v = to_srgb(v);
    return out;
}

}  // namespace pixart
