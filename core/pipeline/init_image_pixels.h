// The init image of an image-to-image job as the VAE encoder takes it (diffusers'
// VaeImageProcessor.preprocess): NCHW float32, 2 * p - 1 per value, resized when its size is
// not the generation's.
#pragma once

#include <torch/torch.h>

#include "api/image.h"

namespace pixart {

// [1, 3, height, width] in [-1, 1]. A picture of exactly width x height is only converted (so
// an 8-bit PNG gives diffusers' tensor bit for bit); another size is resized with a Lanczos-3
// filter as Pillow computes it (support scaled when shrinking), to cover width x height, and
// centre-cropped (a crop of at most the aspect-ratio difference the job allowed).
torch::Tensor init_image_pixels(const Image& image, int width, int height);

// The separable weights of that resize along one axis: [out, in] float64, rows summing to 1.
torch::Tensor lanczos_weights(int in_size, int out_size);

}  // namespace pixart
