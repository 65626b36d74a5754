// Port of diffusers image_processor.py PixArtImageProcessor.resize_and_crop_tensor (v0.30.3).
#include "pipeline/resolution_binning.h"

#include <algorithm>
#include <string>

#include "api/errors.h"

namespace pixart {

torch::Tensor resize_and_crop(const torch::Tensor& images, int new_width, int new_height) {
    if (!images.defined() || images.dim() != 4) {
        throw Error(ErrorKind::InvalidArgument, "resize_and_crop: images must be [B,C,H,W]");
    }
    if (new_width < 1 || new_height < 1) {
        throw Error(ErrorKind::InvalidArgument, "resize_and_crop: target size " +
                                                    std::to_string(new_width) + "x" +
                                                    std::to_string(new_height) + " is empty");
    }
    const std::int64_t orig_height = images.size(2);
    const std::int64_t orig_width = images.size(3);
    if (orig_height == new_height && orig_width == new_width) return images;

    // Python floats: ratio and the scaled sizes in double, int() truncates.
    const double ratio =
        std::max(static_cast<double>(new_height) / static_cast<double>(orig_height),
                 static_cast<double>(new_width) / static_cast<double>(orig_width));
    // diffusers can truncate the scaled size one pixel below the target (e.g. 199.99999 -> 199)
    // and then crops with a negative start, which yields a 1-pixel strip; never go below it.
    const auto resized_width = std::max<std::int64_t>(
        static_cast<std::int64_t>(static_cast<double>(orig_width) * ratio), new_width);
    const auto resized_height = std::max<std::int64_t>(
        static_cast<std::int64_t>(static_cast<double>(orig_height) * ratio), new_height);

    namespace F = torch::nn::functional;
    const torch::Tensor resized =
        F::interpolate(images, F::InterpolateFuncOptions()
                                   .size(std::vector<std::int64_t>{resized_height, resized_width})
                                   .mode(torch::kBilinear)
                                   .align_corners(false));  // [B,C,resized_height,resized_width]

    // Centre crop; Python's // floors, the differences are >= 0 here.
    const std::int64_t start_x = (resized_width - new_width) / 2;
    const std::int64_t start_y = (resized_height - new_height) / 2;
    return resized.slice(2, start_y, start_y + new_height)
        .slice(3, start_x, start_x + new_width)
        .contiguous();  // [B,C,new_height,new_width]
}

}  // namespace pixart
