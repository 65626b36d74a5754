// Interleaved 8- or 16-bit pixels ready for an encoder, and the float -> integer step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "api/image.h"

namespace pixart::imaging {

struct PixelBuffer {
    int width = 0;
    int height = 0;
    int channels = 3;
    int bit_depth = 16;              // 8: uint8 samples, 16: native-endian uint16 samples
    std::vector<std::uint8_t> data;  // rows top first, channels interleaved

    std::size_t row_bytes() const { return std::size_t(width) * channels * (bit_depth / 8); }
    void allocate() { data.assign(row_bytes() * height, 0); }
};

// Clamps to [0, 1] (Lanczos rings past the ends) and rounds to the nearest code value.
PixelBuffer quantize(const Image& image, int bit_depth);

}  // namespace pixart::imaging
