// Live previews without the VAE: the SDXL latent → RGB linear map (PRODUCT.md, "Live preview").
#pragma once

#include <torch/torch.h>

#include "api/image.h"

namespace pixart {

// latent: [4, h, w] predicted clean latent (any float dtype/device). Returns an h×w 8-bit image.
PreviewImage latent_to_preview(const torch::Tensor& latent);

}  // namespace pixart
