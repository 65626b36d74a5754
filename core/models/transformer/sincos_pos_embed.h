// Port of diffusers models/embeddings.py get_2d_sincos_pos_embed (v0.30.3).
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace pixart {

// The fixed 2-D sin-cos position embedding of a grid_h x grid_w token grid: float32 [grid_h*grid_w,
// embed_dim], tokens row-major over (h, w). Reproduces numpy's arithmetic: grid coordinates in
// float32 (`arange / f32(n / base_size) / f32(interpolation_scale)`), angles and trig in float64.
// The FIRST embed_dim/2 channels encode the w coordinate (diffusers' meshgrid(grid_w, grid_h)),
// the last embed_dim/2 the h coordinate; each half is [sin | cos]. embed_dim must be a multiple
// of 4.
torch::Tensor sincos_pos_embed_2d(int64_t embed_dim, int64_t grid_h, int64_t grid_w,
                                  int64_t base_size, double interpolation_scale);

}  // namespace pixart
