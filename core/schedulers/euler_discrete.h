// Port of diffusers schedulers/scheduling_euler_discrete.py and
// scheduling_euler_ancestral_discrete.py (v0.30.3) as the PixArt-Sigma config makes them:
// linspace spacing of fractional float32 timesteps (the transformer sees them as they are),
// sigmas interpolated linearly in the float32 table, final sigma 0, the initial noise scaled by
// the largest sigma and the transformer's input by 1 / sqrt(sigma^2 + 1), epsilon prediction.
// Both draw one noise tensor every step from the generation's generator: Euler a adds it
// (ancestral), plain Euler discards it (s_churn 0) but still advances the generator, as
// diffusers does.
#pragma once

#include <utility>

#include "schedulers/scheduler.h"

namespace pixart {

class EulerDiscreteScheduler : public Scheduler {
  public:
    // Throws pixart::Error(Unsupported) for a config this port does not implement.
    EulerDiscreteScheduler(const SchedulerConfig& config, bool ancestral);

    void set_timesteps(int num_inference_steps) override;
    // Rounded, for the loop; the transformer gets model_timestep(i).
    const std::vector<std::int64_t>& timesteps() const override { return timesteps_; }
    double init_noise_sigma() const override { return init_noise_sigma_; }
    torch::Tensor step(const torch::Tensor& model_output, std::int64_t timestep,
                       const torch::Tensor& sample) override;
    torch::Tensor add_noise(const torch::Tensor& original,
                            const torch::Tensor& noise) const override;
    const torch::Tensor& predicted_original_sample() const override { return x0_; }
    std::string name() const override { return ancestral_ ? "euler_a" : "euler"; }
    void set_noise_source(NoiseSource source) override { noise_source_ = std::move(source); }
    bool draws_noise() const override { return true; }
    torch::Tensor model_timestep(std::size_t i) const override;
    torch::Tensor scale_model_input(const torch::Tensor& sample, std::size_t i) const override;

    const torch::Tensor& sigmas() const { return sigmas_; }  // [N+1] float32

  private:
    SchedulerConfig config_;
    bool ancestral_;
    torch::Tensor sigma_table_;  // [T] float32
    std::vector<float> float_timesteps_;
    std::vector<std::int64_t> timesteps_;
    torch::Tensor sigmas_;
    double init_noise_sigma_ = 1.0;
    std::int64_t step_index_ = -1;
    NoiseSource noise_source_;
    torch::Tensor x0_;
};

}  // namespace pixart
