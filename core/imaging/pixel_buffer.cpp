#include "imaging/pixel_buffer.h"

#include <OpenImageIO/parallel.h>

#include <algorithm>
#include <cmath>

namespace pixart::imaging {
namespace {

template <typename T>
void quantize_rows(const Image& image, PixelBuffer& out, float max_code) {
    auto* dst = reinterpret_cast<T*>(out.data.data());
    const std::size_t row = std::size_t(image.width) * 3;
    OIIO::parallel_for(0, image.height, [&](int64_t y) {
        const float* s = image.pixels.data() + y * row;
        T* d = dst + y * row;
        for (std::size_t i = 0; i < row; ++i) {
            const float v = std::clamp(s[i], 0.0f, 1.0f);  // NaN-free input assumed (VAE checks)
            d[i] = static_cast<T>(v * max_code + 0.5f);
        }
    });
}

}  // namespace

PixelBuffer quantize(const Image& image, int bit_depth) {
    PixelBuffer out;
    out.width = image.width;
    out.height = image.height;
    out.channels = 3;
    out.bit_depth = bit_depth;
    out.allocate();
    if (bit_depth == 16) {
        quantize_rows<std::uint16_t>(image, out, 65535.0f);
    } else {
        quantize_rows<std::uint8_t>(image, out, 255.0f);
    }
    return out;
}

}  // namespace pixart::imaging
