// What the multistep schedulers share (diffusers v0.30.3): the float32 sigma table of the
// training schedule, the alpha/sigma/lambda of one sigma as 0-dim float32 tensors in diffusers'
// operation order, and index_for_timestep.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "config/scheduler_config.h"

namespace pixart {

// cumprod(1 - linspace(beta_start, beta_end, T)) in float32.
torch::Tensor training_alphas_cumprod(const SchedulerConfig& config);
// sqrt((1 - acp) / acp) in float32, acp = training_alphas_cumprod.
torch::Tensor training_sigma_table(const SchedulerConfig& config);

// add_noise of the DPM-Solver family at `sigma` (0-dim float32): alpha x + sigma_t noise with
// alpha = 1 / sqrt(sigma^2 + 1), sigma_t = sigma alpha.
torch::Tensor add_noise_at_sigma(const torch::Tensor& sigma, const torch::Tensor& original,
                                 const torch::Tensor& noise);
// DDPMScheduler.add_noise (DDIM, SA-Solver): sqrt(acp[t]) x + sqrt(1 - acp[t]) noise.
torch::Tensor add_noise_at_timestep(const torch::Tensor& alphas_cumprod, std::int64_t timestep,
                                    const torch::Tensor& original, const torch::Tensor& noise);

// The sigmas of a multistep run: the table at each (integer) timestep, as np.interp reads it,
// then `final_sigma` ([N+1] float32).
torch::Tensor sigmas_at_timesteps(const torch::Tensor& table,
                                  const std::vector<std::int64_t>& timesteps, float final_sigma);

struct AlphaSigma {
    torch::Tensor alpha;
    torch::Tensor sigma;
};
// _sigma_to_alpha_sigma_t: alpha = 1 / (sigma**2 + 1) ** 0.5 (Python's 1 / x is
// x.reciprocal() * 1), sigma_t = sigma * alpha.
AlphaSigma alpha_sigma_of(const torch::Tensor& sigma);
torch::Tensor lambda_of(const AlphaSigma& s);  // log(alpha) - log(sigma)

// The second match of a repeated timestep, the last index when it is not in the schedule.
std::int64_t index_for_timestep(const std::vector<std::int64_t>& timesteps, std::int64_t timestep);

}  // namespace pixart
