// Images as they leave the core: float RGB, 0..1, full precision (export never starts from 8-bit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pixart {

// Interleaved RGB rows, top row first: pixels[(y * width + x) * 3 + c], values in [0, 1].
struct Image {
    int width = 0;
    int height = 0;
    std::vector<float> pixels;

    bool empty() const { return width <= 0 || height <= 0 || pixels.empty(); }
    float& at(int x, int y, int c) { return pixels[(static_cast<size_t>(y) * width + x) * 3 + c]; }
    float at(int x, int y, int c) const {
        return pixels[(static_cast<size_t>(y) * width + x) * 3 + c];
    }
};

// A small 8-bit RGB picture (live previews, thumbnails): rgb[(y * width + x) * 3 + c].
struct PreviewImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    bool empty() const { return width <= 0 || height <= 0 || rgb.empty(); }
};

}  // namespace pixart
