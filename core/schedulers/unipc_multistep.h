// Port of diffusers schedulers/scheduling_unipc_multistep.py (v0.30.3) as PixArt-Sigma's config
// makes it: UniP predictor + UniC corrector, B(h) = bh2 (the config's 'midpoint' is remapped to
// it), predict_x0, order 1 or 2, lower_order_final, final sigma zero or sigma_min, the multistep
// timestep spacings, epsilon prediction.
#pragma once

#include "schedulers/scheduler.h"

namespace pixart {

class UniPCMultistepScheduler : public Scheduler {
  public:
    // Throws pixart::Error(Unsupported) for a config this port does not implement.
    explicit UniPCMultistepScheduler(const SchedulerConfig& config);

    void set_timesteps(int num_inference_steps) override;
    const std::vector<std::int64_t>& timesteps() const override { return timesteps_; }
    double init_noise_sigma() const override { return 1.0; }
    torch::Tensor step(const torch::Tensor& model_output, std::int64_t timestep,
                       const torch::Tensor& sample) override;
    torch::Tensor add_noise(const torch::Tensor& original,
                            const torch::Tensor& noise) const override;
    const torch::Tensor& predicted_original_sample() const override { return x0_; }
    std::string name() const override { return "unipc"; }

    const torch::Tensor& sigmas() const { return sigmas_; }  // [N+1] float32

  private:
    torch::Tensor predictor(const torch::Tensor& sample, int order) const;
    torch::Tensor corrector(const torch::Tensor& this_x0, const torch::Tensor& last_sample,
                            const torch::Tensor& this_sample, int order) const;

    SchedulerConfig config_;
    torch::Tensor sigma_table_;  // [T] float32
    std::vector<std::int64_t> timesteps_;
    torch::Tensor sigmas_;
    std::vector<torch::Tensor> model_outputs_;  // x0 predictions, newest last
    torch::Tensor last_sample_;
    int lower_order_nums_ = 0;
    int this_order_ = 0;
    std::int64_t step_index_ = -1;
    torch::Tensor x0_;
};

}  // namespace pixart
