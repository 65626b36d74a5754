#include "engine_internals.h"

namespace pixart {

std::vector<Image> images_from_tensor(const torch::Tensor& images) {
    // [B, 3, H, W] → [B, H, W, 3] so each image's bytes are interleaved RGB rows.
    const auto hwc = images.to(torch::kCPU, torch::kFloat32).permute({0, 2, 3, 1}).contiguous();
    std::vector<Image> out;
    for (std::int64_t b = 0; b < hwc.size(0); ++b) {
        Image image;
        image.height = static_cast<int>(hwc.size(1));
        image.width = static_cast<int>(hwc.size(2));
        const float* data = hwc[b].data_ptr<float>();
        image.pixels.assign(data, data + hwc[b].numel());
        out.push_back(std::move(image));
    }
    return out;
}

}  // namespace pixart
