#include "imaging/png_row_filter.h"

#include <cstdlib>
#include <cstring>

namespace pixart::imaging {
namespace {

enum Filter : std::uint8_t { kNone = 0, kSub = 1, kUp = 2, kAverage = 3, kPaeth = 4 };

std::uint8_t paeth_predictor(int a, int b, int c) {
    const int p = a + b - c;
    const int pa = std::abs(p - a);
    const int pb = std::abs(p - b);
    const int pc = std::abs(p - c);
    if (pa <= pb && pa <= pc) return static_cast<std::uint8_t>(a);
    if (pb <= pc) return static_cast<std::uint8_t>(b);
    return static_cast<std::uint8_t>(c);
}

// libpng's measure of how well a filtered row will compress: bytes read as signed, summed
// in absolute value (small residuals either side of zero are what deflate likes).
std::uint64_t signed_byte_sum(const std::uint8_t* bytes, std::size_t size) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < size; ++i) sum += bytes[i] < 128 ? bytes[i] : 256 - bytes[i];
    return sum;
}

void apply(Filter filter, const std::uint8_t* row, const std::uint8_t* up, std::size_t size,
           std::size_t bpp, std::uint8_t* out) {
    switch (filter) {
        case kNone:
            std::memcpy(out, row, size);
            return;
        case kSub:
            for (std::size_t i = 0; i < bpp && i < size; ++i) out[i] = row[i];
            for (std::size_t i = bpp; i < size; ++i) out[i] = std::uint8_t(row[i] - row[i - bpp]);
            return;
        case kUp:
            for (std::size_t i = 0; i < size; ++i) out[i] = std::uint8_t(row[i] - up[i]);
            return;
        case kAverage:
            for (std::size_t i = 0; i < bpp && i < size; ++i)
                out[i] = std::uint8_t(row[i] - (up[i] >> 1));
            for (std::size_t i = bpp; i < size; ++i)
                out[i] = std::uint8_t(row[i] - ((row[i - bpp] + up[i]) >> 1));
            return;
        case kPaeth:
            for (std::size_t i = 0; i < bpp && i < size; ++i)
                out[i] = std::uint8_t(row[i] - up[i]);  // a = c = 0: the predictor is b
            for (std::size_t i = bpp; i < size; ++i) {
                out[i] = std::uint8_t(row[i] - paeth_predictor(row[i - bpp], up[i], up[i - bpp]));
            }
            return;
    }
}

}  // namespace

PngRowFilter::PngRowFilter(std::size_t row_bytes, std::size_t pixel_bytes)
    : row_bytes_(row_bytes),
      pixel_bytes_(pixel_bytes < 1 ? 1 : pixel_bytes),
      zeros_(row_bytes, 0),
      candidate_(row_bytes) {}

void PngRowFilter::filter(const std::uint8_t* row, const std::uint8_t* previous,
                          std::uint8_t* out) {
    const std::uint8_t* up = previous ? previous : zeros_.data();
    std::uint8_t* best = out + 1;
    out[0] = kNone;
    apply(kNone, row, up, row_bytes_, pixel_bytes_, best);
    std::uint64_t best_sum = signed_byte_sum(best, row_bytes_);
    for (Filter f : {kSub, kUp, kAverage, kPaeth}) {
        apply(f, row, up, row_bytes_, pixel_bytes_, candidate_.data());
        const std::uint64_t sum = signed_byte_sum(candidate_.data(), row_bytes_);
        if (sum < best_sum) {
            best_sum = sum;
            out[0] = f;
            std::memcpy(best, candidate_.data(), row_bytes_);
        }
    }
}

}  // namespace pixart::imaging
