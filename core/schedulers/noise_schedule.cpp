#include "schedulers/noise_schedule.h"

#include <algorithm>

namespace pixart {

torch::Tensor training_alphas_cumprod(const SchedulerConfig& config) {
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    const torch::Tensor betas =
        torch::linspace(config.beta_start, config.beta_end, config.num_train_timesteps, f32);
    return torch::cumprod(1.0 - betas, 0);
}

torch::Tensor training_sigma_table(const SchedulerConfig& config) {
    const torch::Tensor alphas_cumprod = training_alphas_cumprod(config);
    return ((1.0 - alphas_cumprod) / alphas_cumprod).pow(0.5);
}

torch::Tensor add_noise_at_sigma(const torch::Tensor& sigma, const torch::Tensor& original,
                                 const torch::Tensor& noise) {
    const AlphaSigma s = alpha_sigma_of(sigma.to(original.device(), original.scalar_type()));
    return s.alpha * original + s.sigma * noise;
}

torch::Tensor add_noise_at_timestep(const torch::Tensor& alphas_cumprod, std::int64_t timestep,
                                    const torch::Tensor& original, const torch::Tensor& noise) {
    const torch::Tensor acp = alphas_cumprod.to(original.device(), original.scalar_type());
    const torch::Tensor a = acp[timestep];
    return a.pow(0.5) * original + (1 - a).pow(0.5) * noise;
}

torch::Tensor sigmas_at_timesteps(const torch::Tensor& table,
                                  const std::vector<std::int64_t>& timesteps, float final_sigma) {
    const auto count = static_cast<std::int64_t>(timesteps.size());
    const auto values = table.accessor<float, 1>();
    const std::int64_t last_index = table.size(0) - 1;
    torch::Tensor sigmas = torch::empty({count + 1}, torch::kFloat32);
    auto out = sigmas.accessor<float, 1>();
    for (std::int64_t i = 0; i < count; ++i)
        out[i] =
            values[std::clamp<std::int64_t>(timesteps[static_cast<std::size_t>(i)], 0, last_index)];
    out[count] = final_sigma;
    return sigmas;
}

AlphaSigma alpha_sigma_of(const torch::Tensor& sigma) {
    torch::Tensor alpha = sigma.pow(2).add(1).pow(0.5).reciprocal();
    return {alpha, sigma * alpha};
}

torch::Tensor lambda_of(const AlphaSigma& s) { return torch::log(s.alpha) - torch::log(s.sigma); }

std::int64_t index_for_timestep(const std::vector<std::int64_t>& timesteps, std::int64_t timestep) {
    std::vector<std::int64_t> matches;
    for (std::size_t i = 0; i < timesteps.size(); ++i)
        if (timesteps[i] == timestep) matches.push_back(static_cast<std::int64_t>(i));
    if (matches.empty()) return static_cast<std::int64_t>(timesteps.size()) - 1;
    return matches.size() > 1 ? matches[1] : matches[0];
}

}  // namespace pixart
