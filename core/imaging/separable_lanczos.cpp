#include "imaging/separable_lanczos.h"

#include <OpenImageIO/parallel.h>

#include <algorithm>
#include <cmath>

namespace pixart::imaging {
namespace {

// OpenImageIO's FilterLanczos3_1D::lanczos3, bit for bit (one sinf and the triple-angle identity).
float lanczos3(float x) {
    const float a = 3.0f;
    const float ainv = 1.0f / a;
    const float pi = float(M_PI);
    x = std::fabs(x);
    if (x > a) return 0.0f;
    if (x < 0.0001f) return 1.0f;
    const float s1 = std::sin(x * ainv * pi);
    const float s3 = (-4.0f * s1 * s1 + 3.0f) * s1;
    return a / (x * x * (pi * pi)) * s1 * s3;
}

}  // namespace

LanczosAxis lanczos_axis(int in_size, int out_size) {
    // As resize_() and get_resize_filter(): the filter is 6 output pixels wide, widened by the
    // enlargement factor; its radius in input pixels is ceil(width / 2 / ratio).
    const float ratio = float(out_size) / float(in_size);
    const float width = 6.0f * std::max(1.0f, ratio);
    const float scale = 6.0f / width;
    const int radius = static_cast<int>(std::ceil(width / 2.0f / ratio));
    LanczosAxis axis;
    axis.taps = 2 * radius + 1;
    axis.first.resize(static_cast<std::size_t>(out_size));
    axis.weights.resize(static_cast<std::size_t>(out_size) * axis.taps);
    const float pixel = 1.0f / float(out_size);
    for (int o = 0; o < out_size; ++o) {
        const float s = (float(o) - 0.0f + 0.5f) * pixel;
        const float position = 0.0f + s * float(in_size);
        const int floor = static_cast<int>(std::floor(position));
        const float frac = position - static_cast<float>(floor);
        float* w = axis.weights.data() + static_cast<std::size_t>(o) * axis.taps;
        float total = 0.0f;
        for (int i = 0; i < axis.taps; ++i) {
            w[i] = lanczos3(ratio * (float(i - radius) - (frac - 0.5f)) * scale);
            total += w[i];
        }
        if (total != 0.0f) {
            for (int i = 0; i < axis.taps; ++i) w[i] /= total;
        }
        axis.first[static_cast<std::size_t>(o)] = floor - radius;
    }
    return axis;
}

Image separable_lanczos_resize(const Image& source, int width, int height) {
    const LanczosAxis columns = lanczos_axis(source.width, width);
    const LanczosAxis rows = lanczos_axis(source.height, height);
    const auto clamp_x = [&](int x) { return std::clamp(x, 0, source.width - 1); };
    const auto clamp_y = [&](int y) { return std::clamp(y, 0, source.height - 1); };

    // Pass 1: every source row resampled to `width` columns.
    std::vector<float> wide(static_cast<std::size_t>(source.height) * width * 3);
    OIIO::parallel_for(0, source.height, [&](int y) {
        const float* in = source.pixels.data() + static_cast<std::size_t>(y) * source.width * 3;
        float* out = wide.data() + static_cast<std::size_t>(y) * width * 3;
        for (int x = 0; x < width; ++x) {
            const float* w = columns.weights.data() + static_cast<std::size_t>(x) * columns.taps;
            const int first = columns.first[static_cast<std::size_t>(x)];
            float r = 0.0f, g = 0.0f, b = 0.0f;
            for (int i = 0; i < columns.taps; ++i) {
                if (w[i] == 0.0f) continue;
                const float* p = in + static_cast<std::size_t>(clamp_x(first + i)) * 3;
                r += w[i] * p[0];
                g += w[i] * p[1];
                b += w[i] * p[2];
            }
            out[x * 3 + 0] = r;
            out[x * 3 + 1] = g;
            out[x * 3 + 2] = b;
        }
    });

    // Pass 2: columns, one output row at a time (rows of `wide` are contiguous).
    Image out;
    out.width = width;
    out.height = height;
    out.pixels.assign(static_cast<std::size_t>(width) * height * 3, 0.0f);
    const std::size_t row_floats = static_cast<std::size_t>(width) * 3;
    OIIO::parallel_for(0, height, [&](int y) {
        const float* w = rows.weights.data() + static_cast<std::size_t>(y) * rows.taps;
        const int first = rows.first[static_cast<std::size_t>(y)];
        float* target = out.pixels.data() + static_cast<std::size_t>(y) * row_floats;
        for (int j = 0; j < rows.taps; ++j) {
            if (w[j] == 0.0f) continue;
            const float* in =
                wide.data() + static_cast<std::size_t>(clamp_y(first + j)) * row_floats;
            for (std::size_t k = 0; k < row_floats; ++k) target[k] += w[j] * in[k];
        }
    });
    return out;
}

}  // namespace pixart::imaging
