#include "models/vae/tile_layout.h"

#include <algorithm>

namespace pixart {

std::vector<int64_t> tile_starts(int64_t length, int64_t tile, int64_t overlap) {
    if (length <= tile) return {0};
    const int64_t stride = tile - overlap;
    const int64_t gaps = (length - tile + stride - 1) / stride;
    std::vector<int64_t> starts;
    for (int64_t i = 0; i <= gaps; ++i) starts.push_back(i * (length - tile) / gaps);
    return starts;
}

std::vector<torch::Tensor> tile_blend_weights(const std::vector<int64_t>& starts,
                                              int64_t tile_latent, int64_t length_latent,
                                              int64_t scale) {
    const int64_t span = std::min(tile_latent, length_latent) * scale;
    const auto count = starts.size();
    std::vector<std::vector<double>> raw(count, std::vector<double>(span, 1.0));
    std::vector<double> total(length_latent * scale, 0.0);
    for (size_t i = 0; i < count; ++i) {
        const int64_t begin = starts[i] * scale;
        if (i > 0) {
            const int64_t shared = starts[i - 1] * scale + span - begin;
            for (int64_t x = 0; x < shared && x < span; ++x) raw[i][x] *= (x + 0.5) / shared;
        }
        if (i + 1 < count) {
            const int64_t shared = begin + span - starts[i + 1] * scale;
            for (int64_t x = std::max<int64_t>(0, span - shared); x < span; ++x) {
                raw[i][x] *= (span - x - 0.5) / shared;
            }
        }
        for (int64_t x = 0; x < span; ++x) total[begin + x] += raw[i][x];
    }
    std::vector<torch::Tensor> weights;
    for (size_t i = 0; i < count; ++i) {
        auto w = torch::empty({span}, torch::kFloat64);
        auto* data = w.data_ptr<double>();
        for (int64_t x = 0; x < span; ++x) data[x] = raw[i][x] / total[starts[i] * scale + x];
        weights.push_back(w.to(torch::kFloat32));
    }
    return weights;
}

}  // namespace pixart
