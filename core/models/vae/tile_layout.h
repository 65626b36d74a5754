// Where overlapping tiles of one axis lie and how they are cross-faded: shared by the tiled
// decode (AutoencoderKL::decode_tiled) and the banded decode's windowed attention.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace pixart {

// Where the tiles of one axis start (in latent cells). Every tile has the full length (a short
// last tile would see different statistics), the first starts at 0, the last ends at the edge,
// and the rest are spread evenly so that neighbours overlap by at least `overlap`.
std::vector<int64_t> tile_starts(int64_t length, int64_t tile, int64_t overlap);

// One cross-fade weight row per tile along an axis, `scale` output cells per latent cell (float32
// on the CPU): a linear ramp over each overlap with a neighbour, normalised so the weights of all
// tiles sum to 1 at every cell. Separable: the 2-D weight of tile (i, j) is rows[i] x cols[j].
std::vector<torch::Tensor> tile_blend_weights(const std::vector<int64_t>& starts,
                                              int64_t tile_latent, int64_t length_latent,
                                              int64_t scale);

}  // namespace pixart
