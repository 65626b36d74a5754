// RGB (sRGB, 16-bit) -> CMYK through LittleCMS with the printer's output profile: a real
// separation (the profile's black generation and ink limits), not a tag on RGB data.
#pragma once

#include <lcms2.h>

#include <memory>

#include "api/image_export.h"
#include "imaging/icc_profile.h"
#include "imaging/pixel_buffer.h"

namespace pixart::imaging {

class CmykConverter {
  public:
    // Throws Error(InvalidArgument) when `output` is not a CMYK profile usable for output.
    CmykConverter(const IccProfile& output, RenderingIntent intent, bool black_point_compensation,
                  int output_bit_depth);

    // 16-bit RGB in, CMYK (0 = no ink) at the output bit depth out; rows in parallel.
    PixelBuffer convert(const PixelBuffer& rgb16) const;

  private:
    struct Deleter {
        void operator()(void* transform) const { cmsDeleteTransform(transform); }
    };
    std::unique_ptr<void, Deleter> transform_;
    int bit_depth_;
};

cmsUInt32Number lcms_intent(RenderingIntent intent);

}  // namespace pixart::imaging
