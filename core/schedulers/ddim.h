// Port of diffusers schedulers/scheduling_ddim.py (v0.30.3) as PixArt-Sigma's pipeline calls it:
// eta 0 (deterministic, no generator draws), epsilon prediction, linear betas, DDIM's own
// defaults for what the model's config does not set (clip_sample True: x0 clamped to [-1, 1]
// every step; set_alpha_to_one True), linspace / leading / trailing spacing.
#pragma once

#include "schedulers/scheduler.h"

namespace pixart {

class DDIMScheduler : public Scheduler {
  public:
    // Throws pixart::Error(Unsupported) for a config this port does not implement.
    explicit DDIMScheduler(const SchedulerConfig& config);

    void set_timesteps(int num_inference_steps) override;
    const std::vector<std::int64_t>& timesteps() const override { return timesteps_; }
    double init_noise_sigma() const override { return 1.0; }
    torch::Tensor step(const torch::Tensor& model_output, std::int64_t timestep,
                       const torch::Tensor& sample) override;
    torch::Tensor add_noise(const torch::Tensor& original,
                            const torch::Tensor& noise) const override;
    const torch::Tensor& predicted_original_sample() const override { return x0_; }
    std::string name() const override { return "ddim"; }

  private:
    SchedulerConfig config_;
    torch::Tensor alphas_cumprod_;  // [T] float32
    std::vector<std::int64_t> timesteps_;
    int num_inference_steps_ = 0;
    torch::Tensor x0_;
};

}  // namespace pixart
