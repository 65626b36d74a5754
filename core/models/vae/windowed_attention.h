// The VAE mid block's attention over overlapping windows of the latent, for images so large that
// attention over every position is out of reach: at 4096x4096 the latent has 262,144 positions
// and one global attention costs ~140 TFLOP (~20 minutes on two cores), more than the rest of
// the decode. The GroupNorm before it still uses the whole image's statistics; each window
// attends within itself, and the windows are cross-faded before the residual is added, so this
// is the one approximate step of such a decode (and cheaper than the tiled decode's per-tile
// norms, attention and seams through every layer).
#pragma once

#include <torch/torch.h>

#include "models/vae/vae_attention.h"

namespace pixart {

// x: [1, C, H, W] at latent resolution -> [1, C, H, W], as VaeAttentionImpl::forward but with
// attention within windows of `window` x `window` positions overlapping by at least `overlap`.
// A latent that fits in one window gets the global attention, exactly forward's result.
torch::Tensor windowed_vae_attention(VaeAttentionImpl& attention, const torch::Tensor& x,
                                     int64_t window, int64_t overlap);

}  // namespace pixart
