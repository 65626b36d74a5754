// PNG's per-row prediction filters, chosen per row as libpng does by default: every filter is
// tried and the one whose output has the smallest sum of |signed byte| is kept (PNG spec 12.8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pixart::imaging {

class PngRowFilter {
  public:
    // `row_bytes`: one row's bytes as stored in the PNG (big-endian samples); `pixel_bytes`: bytes
    // per whole pixel (the filters' "bpp", at least 1).
    PngRowFilter(std::size_t row_bytes, std::size_t pixel_bytes);

    // Writes the filter type byte and the filtered row (row_bytes + 1 bytes) to `out`.
    // `previous` is the row above, unfiltered, or nullptr for the first row.
    void filter(const std::uint8_t* row, const std::uint8_t* previous, std::uint8_t* out);

  private:
    std::size_t row_bytes_;
    std::size_t pixel_bytes_;
    std::vector<std::uint8_t> zeros_;      // the row above the first
    std::vector<std::uint8_t> candidate_;  // the filter being tried
};

}  // namespace pixart::imaging
