// Port of diffusers schedulers/scheduling_deis_multistep.py (v0.30.3) as PixArt-Sigma's config
// makes it: algorithm 'deis' (the config's dpmsolver++ is remapped to it), solver 'logrho' (the
// config's midpoint is remapped), order 1 or 2, epsilon prediction, linear betas, the multistep
// timestep spacings; no final_sigmas_type: the last sigma is sigma(0), not 0.
#pragma once

#include "schedulers/scheduler.h"

namespace pixart {

class DEISMultistepScheduler : public Scheduler {
  public:
    // Throws pixart::Error(Unsupported) for a config this port does not implement.
    explicit DEISMultistepScheduler(const SchedulerConfig& config);

    void set_timesteps(int num_inference_steps) override;
    const std::vector<std::int64_t>& timesteps() const override { return timesteps_; }
    double init_noise_sigma() const override { return 1.0; }
    torch::Tensor step(const torch::Tensor& model_output, std::int64_t timestep,
                       const torch::Tensor& sample) override;
    torch::Tensor add_noise(const torch::Tensor& original,
                            const torch::Tensor& noise) const override;
    const torch::Tensor& predicted_original_sample() const override { return x0_; }
    std::string name() const override { return "deis"; }

    const torch::Tensor& sigmas() const { return sigmas_; }  // [N+1] float32

  private:
    torch::Tensor first_order_update(const torch::Tensor& eps, const torch::Tensor& sample) const;
    torch::Tensor second_order_update(const torch::Tensor& sample) const;

    SchedulerConfig config_;
    torch::Tensor sigma_table_;  // [T] float32 sqrt((1 - acp) / acp)
    std::vector<std::int64_t> timesteps_;
    torch::Tensor sigmas_;
    std::vector<torch::Tensor> model_outputs_;  // the last solver_order converted outputs
    int lower_order_nums_ = 0;
    std::int64_t step_index_ = -1;
    torch::Tensor x0_;
};

}  // namespace pixart
