#include "models/vae/group_statistics.h"

#include <string>

#include "api/errors.h"

namespace pixart {

GroupStatistics::GroupStatistics(int64_t groups)
    : groups_(groups),
      mean_(torch::zeros({groups}, torch::kFloat64)),
      m2_(torch::zeros({groups}, torch::kFloat64)) {}

GroupStatistics GroupStatistics::of(const torch::Tensor& activation, int64_t groups) {
    GroupStatistics stats(groups);
    stats.add(activation);
    return stats;
}

void GroupStatistics::add(const torch::Tensor& band) {
    if (band.dim() != 4 || band.size(0) != 1 || band.size(1) % groups_ != 0) {
        throw Error(ErrorKind::Internal,
                    "group statistics: a band must be [1, C, rows, W] with C "
                    "a multiple of the groups");
    }
    if (channels_ != 0 && band.size(1) != channels_) {
        throw Error(ErrorKind::Internal, "group statistics: bands of different channel counts");
    }
    channels_ = band.size(1);
    const int64_t n = band.numel() / groups_;
    if (n == 0) return;
    // Shifted sums: deviations from a rough mean (the float32 sum / n) are small, so their sum
    // and their sum of squares stay accurate in float32 even for a large common offset; both
    // are then carried in doubles. mean = r + Σd/n, M2 = Σd² - (Σd)²/n.
    const auto grouped = band.to(torch::kFloat32).reshape({groups_, -1});
    const auto rough = (grouped.sum(1) / static_cast<double>(n)).unsqueeze(1);
    auto deviations = grouped - rough;
    const auto cpu_double = torch::TensorOptions().dtype(torch::kFloat64).device(torch::kCPU);
    const auto sum = deviations.sum(1).to(cpu_double);
    const auto squares = deviations.square_().sum(1).to(cpu_double);
    const auto band_mean = rough.squeeze(1).to(cpu_double) + sum / static_cast<double>(n);
    const auto band_m2 = squares - sum.square() / static_cast<double>(n);

    const double total = static_cast<double>(count_ + n);
    const auto delta = band_mean - mean_;
    mean_ += delta * (static_cast<double>(n) / total);
    m2_ += band_m2 + delta.square() * (static_cast<double>(count_) * n / total);
    count_ += n;
}

std::pair<torch::Tensor, torch::Tensor> GroupStatistics::affine(
    const torch::nn::GroupNormImpl& norm, torch::ScalarType dtype) const {
    const auto& options = norm.options;
    if (count_ == 0 || options.num_groups() != groups_ || options.num_channels() != channels_) {
        throw Error(ErrorKind::Internal,
                    "group statistics: no data, or a norm of " +
                        std::to_string(options.num_groups()) + " groups over " +
                        std::to_string(options.num_channels()) + " channels for statistics of " +
                        std::to_string(groups_) + " groups over " + std::to_string(channels_));
    }
    const auto variance = (m2_ / static_cast<double>(count_)).clamp_min(0.0);
    const auto rstd = (variance + options.eps()).rsqrt();
    const int64_t per_group = channels_ / groups_;
    const auto channel_rstd = rstd.repeat_interleave(per_group);
    const auto channel_mean = mean_.repeat_interleave(per_group);
    auto scale = channel_rstd;
    auto shift = -channel_mean * channel_rstd;
    if (options.affine()) {
        const auto gamma = norm.weight.detach().to(torch::kCPU, torch::kFloat64);
        const auto beta = norm.bias.detach().to(torch::kCPU, torch::kFloat64);
        scale = channel_rstd * gamma;
        shift = beta - channel_mean * scale;
    }
    const auto device = norm.weight.defined() ? norm.weight.device() : torch::Device(torch::kCPU);
    const auto target = torch::TensorOptions().dtype(dtype).device(device);
    return {scale.view({1, -1, 1, 1}).to(target), shift.view({1, -1, 1, 1}).to(target)};
}

}  // namespace pixart
