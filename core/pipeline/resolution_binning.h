// Resolution binning: the pipeline renders at the nearest aspect-ratio bin (api/aspect_ratios.h)
// and then resizes the decoded image back to the size the user asked for.
#pragma once

#include <torch/torch.h>

namespace pixart {

// diffusers PixArtImageProcessor.resize_and_crop_tensor: images [B,C,h,w] are scaled by
// max(new_height / h, new_width / w) (bilinear, align_corners=False; the scaled size truncated
// like Python's int()) and centre-cropped to [B,C,new_height,new_width]. Returns the input when
// the size already matches. Throws pixart::Error(InvalidArgument) for a non-4-D input or a
// target size < 1.
torch::Tensor resize_and_crop(const torch::Tensor& images, int new_width, int new_height);

}  // namespace pixart
