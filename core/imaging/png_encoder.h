// Pixels -> PNG, written here rather than by libpng so the deflate runs on every core: the rows
// are filtered as libpng filters them and compressed in segments on the threads of OpenImageIO's
// pool, each segment primed with the 32 KiB before it and ended on a byte boundary (a sync flush),
// so the segments join into the one zlib stream PNG requires (pigz's method). The file is the
// size libpng writes at the same level, within a fraction of a percent, in half the time on two
// cores.
#pragma once

#include <functional>
#include <string>

#include "imaging/image_encoder.h"
#include "imaging/pixel_buffer.h"

namespace pixart::imaging {

// Writes `pixels` (1-4 channels: grey, grey + alpha, RGB, RGBA; 8 or 16 bits) to `path`, which
// exists and is truncated: IHDR, iCCP, pHYs, the text chunks, IDAT, IEND. Uses
// settings.png_compression_level, ppi, icc_profile and png_texts. `keep_going(fraction)` is asked
// between groups of segments (not before the first); false stops with Error(Cancelled). A failed
// write is Error(Io) naming the path.
void encode_png(const PixelBuffer& pixels, const std::string& path, const EncodeSettings& settings,
                const std::function<bool(double)>& keep_going);

}  // namespace pixart::imaging
