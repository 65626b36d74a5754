#include "imaging/resampler.h"

#include <algorithm>
#include <cstring>

#include "api/errors.h"
#include "imaging/separable_lanczos.h"

namespace pixart::imaging {
namespace {

Image copy_region(const Image& source, int x0, int y0, int width, int height) {
    Image out;
    out.width = width;
    out.height = height;
    out.pixels.resize(std::size_t(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        const float* s = source.pixels.data() + (std::size_t(y0 + y) * source.width + x0) * 3;
        std::memcpy(out.pixels.data() + std::size_t(y) * width * 3, s,
                    std::size_t(width) * 3 * sizeof(float));
    }
    return out;
}

}  // namespace

Image lanczos_resize(const Image& source, int width, int height) {
    // Two 1-D passes with OpenImageIO's lanczos3 weights (separable_lanczos.h).
    return separable_lanczos_resize(source, width, height);
}

Image resample_for_plan(const Image& source, const ExportPlan& plan) {
    const bool cropped = plan.crop_width != source.width || plan.crop_height != source.height;
    Image scaled;
    if (!plan.resampled) {
        scaled = cropped ? copy_region(source, plan.crop_x, plan.crop_y, plan.crop_width,
                                       plan.crop_height)
                         : source;
    } else if (cropped) {
        scaled = lanczos_resize(
            copy_region(source, plan.crop_x, plan.crop_y, plan.crop_width, plan.crop_height),
            plan.scaled_width, plan.scaled_height);
    } else {
        scaled = lanczos_resize(source, plan.scaled_width, plan.scaled_height);
    }
    if (scaled.width == plan.width && scaled.height == plan.height) return scaled;

    // Pad: centre on white paper.
    Image canvas;
    canvas.width = plan.width;
    canvas.height = plan.height;
    canvas.pixels.assign(std::size_t(plan.width) * plan.height * 3, 1.0f);
    const int x0 = (plan.width - scaled.width) / 2;
    const int y0 = (plan.height - scaled.height) / 2;
    for (int y = 0; y < scaled.height; ++y) {
        std::memcpy(canvas.pixels.data() + (std::size_t(y0 + y) * plan.width + x0) * 3,
                    scaled.pixels.data() + std::size_t(y) * scaled.width * 3,
                    std::size_t(scaled.width) * 3 * sizeof(float));
    }
    return canvas;
}

}  // namespace pixart::imaging
