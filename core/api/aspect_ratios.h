// Resolution binning: the aspect-ratio tables of diffusers' PixArt pipelines (ASPECT_RATIO_*_BIN),
// keys and order exactly as there (ties go to the first key).
#pragma once

#include <string>
#include <vector>

namespace pixart {

struct AspectRatioBin {
    std::string ratio;  // the table key, height / width, e.g. "0.57"
    int width = 0;
    int height = 0;
};

// The table a transformer with this sample_size uses (32 → 256 px, 64 → 512, 128 → 1024,
// 256 → 2048). Throws pixart::Error(InvalidArgument) for any other sample_size.
const std::vector<AspectRatioBin>& aspect_ratio_bins(int sample_size);

// The bin whose ratio is nearest to height / width (diffusers classify_height_width_bin).
AspectRatioBin nearest_aspect_ratio_bin(int sample_size, int height, int width);

}  // namespace pixart
