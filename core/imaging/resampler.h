// Crop / Lanczos-3 resample / pad of the float image as an ExportPlan describes it. Always on the
// full-precision float pixels: resampling an 8-bit copy would band 16-bit output.
#pragma once

#include "api/image.h"
#include "api/image_export.h"

namespace pixart::imaging {

// Lanczos-3 resize of the whole image to width x height (float, unclamped; separable).
Image lanczos_resize(const Image& source, int width, int height);

// The image at plan.width x plan.height (values may ring slightly outside [0, 1]; quantize clamps).
Image resample_for_plan(const Image& source, const ExportPlan& plan);

}  // namespace pixart::imaging
