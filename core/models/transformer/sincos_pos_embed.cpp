// Port of diffusers models/embeddings.py get_2d_sincos_pos_embed (v0.30.3)
#include "models/transformer/sincos_pos_embed.h"

#include <cmath>
#include <string>
#include <vector>

#include "api/errors.h"

namespace pixart {

namespace {

// numpy: np.arange(n, dtype=float32) / (n / base_size) / interpolation_scale — the python-float
// divisors are cast to float32 and every division happens in float32.
std::vector<float> grid_coordinates(int64_t n, int64_t base_size, double interpolation_scale) {
    const float span = static_cast<float>(static_cast<double>(n) / static_cast<double>(base_size));
    const float scale = static_cast<float>(interpolation_scale);
    std::vector<float> coords(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const float step = static_cast<float>(i) / span;
        coords[static_cast<size_t>(i)] = step / scale;
    }
    return coords;
}

}  // namespace

torch::Tensor sincos_pos_embed_2d(int64_t embed_dim, int64_t grid_h, int64_t grid_w,
                                  int64_t base_size, double interpolation_scale) {
    if (embed_dim <= 0 || embed_dim % 4 != 0) {
        throw Error(ErrorKind::Unsupported, "sin-cos position embedding: embed_dim " +
                                                std::to_string(embed_dim) +
                                                " is not a positive multiple of 4");
    }
    if (grid_h <= 0 || grid_w <= 0 || base_size <= 0) {
        throw Error(ErrorKind::InvalidArgument, "sin-cos position embedding: grid " +
                                                    std::to_string(grid_h) + "x" +
                                                    std::to_string(grid_w) + " is empty");
    }
    const auto ys = grid_coordinates(grid_h, base_size, interpolation_scale);
    const auto xs = grid_coordinates(grid_w, base_size, interpolation_scale);

    // omega = 1 / 10000^(k / (D/4)), k < D/4, float64 (get_1d_sincos_pos_embed_from_grid with D/2).
    const int64_t quarter = embed_dim / 4;
    std::vector<double> omega(static_cast<size_t>(quarter));
    for (int64_t k = 0; k < quarter; ++k) {
        const double exponent = static_cast<double>(k) / static_cast<double>(quarter);
        omega[static_cast<size_t>(k)] = 1.0 / std::pow(10000.0, exponent);
    }

    auto out = torch::empty({grid_h * grid_w, embed_dim}, torch::kFloat32);  // [N, D]
    auto* data = out.data_ptr<float>();
    // One half: [sin(pos*omega) | cos(pos*omega)], computed in float64, stored as float32.
    auto fill_half = [&](float* dst, float pos) {
        for (int64_t k = 0; k < quarter; ++k) {
            const double angle = static_cast<double>(pos) * omega[static_cast<size_t>(k)];
            dst[k] = static_cast<float>(std::sin(angle));
            dst[quarter + k] = static_cast<float>(std::cos(angle));
        }
    };
    for (int64_t i = 0; i < grid_h; ++i) {
        for (int64_t j = 0; j < grid_w; ++j) {
            float* row = data + (i * grid_w + j) * embed_dim;
            fill_half(row, xs[static_cast<size_t>(j)]);                // channels [0, D/2): w
            fill_half(row + 2 * quarter, ys[static_cast<size_t>(i)]);  // channels [D/2, D): h
        }
    }
    return out;
}

}  // namespace pixart
