#include "models/vae/windowed_attention.h"

#include <algorithm>

#include "models/vae/tile_layout.h"

namespace pixart {

torch::Tensor windowed_vae_attention(VaeAttentionImpl& attention, const torch::Tensor& x,
                                     int64_t window, int64_t overlap) {
    const int64_t height = x.size(2), width = x.size(3);
    if (height <= window && width <= window) return attention.forward(x);

    const auto normed = attention.group_norm(x);  // statistics of the whole latent
    const auto row_starts = tile_starts(height, window, overlap);
    const auto col_starts = tile_starts(width, window, overlap);
    auto row_weights = tile_blend_weights(row_starts, window, height, 1);
    auto col_weights = tile_blend_weights(col_starts, window, width, 1);
    for (auto& w : row_weights) w = w.to(x.device(), x.scalar_type()).view({1, 1, -1, 1});
    for (auto& w : col_weights) w = w.to(x.device(), x.scalar_type()).view({1, 1, 1, -1});

    const int64_t window_h = std::min(window, height), window_w = std::min(window, width);
    auto out = torch::zeros_like(x);
    for (size_t i = 0; i < row_starts.size(); ++i) {
        for (size_t j = 0; j < col_starts.size(); ++j) {
            auto attended = attention.attend(
                normed.narrow(2, row_starts[i], window_h).narrow(3, col_starts[j], window_w));
            attended.mul_(row_weights[i]).mul_(col_weights[j]);
            out.narrow(2, row_starts[i], window_h)
                .narrow(3, col_starts[j], window_w)
                .add_(attended);
        }
    }
    return out.add_(x);
}

}  // namespace pixart
