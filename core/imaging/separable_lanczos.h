// A Lanczos-3 resize in two 1-D passes (rows, then columns), multithreaded: the weights
// OpenImageIO 2.4's ImageBufAlgo::resize(…, "lanczos3") uses, computed the same way in float
// (filter widened by the enlargement factor, taps normalised per axis, edges clamped), so the
// result equals it up to the order of the float additions, without its 2-D loop over all taps
// (issue 16: 6.9 s of an 8.9 s 2048 -> 4096 export went there). One difference, on purpose:
// OpenImageIO sizes the y window from the x filter, cutting the y filter short when x shrinks
// and y grows; here each axis gets its whole filter.
#pragma once

#include <vector>

#include "api/image.h"

namespace pixart::imaging {

// One axis: for output pixel o, `taps` weights starting at input pixel first[o] (positions
// outside the image are clamped to its edge when applied).
struct LanczosAxis {
    int taps = 0;
    std::vector<int> first;
    std::vector<float> weights;  // taps per output pixel
};
LanczosAxis lanczos_axis(int in_size, int out_size);

// `source` (interleaved RGB float) at width x height; values may ring slightly outside [0, 1].
Image separable_lanczos_resize(const Image& source, int width, int height);

}  // namespace pixart::imaging
