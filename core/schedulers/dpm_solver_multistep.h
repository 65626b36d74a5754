// Port of diffusers schedulers/scheduling_dpmsolver_multistep.py (v0.30.3), the configuration
// PixArt-Sigma ships: DPM-Solver++ (data prediction; or its SDE form, sde-dpmsolver++, drawing
// noise every step), midpoint, order 1 or 2, epsilon prediction,
// linear betas, linspace / leading / trailing spacing or Karras sigmas (use_karras_sigmas), final
// sigma zero or sigma_min.
#pragma once

#include <utility>

#include "schedulers/scheduler.h"

namespace pixart {

class DPMSolverMultistepScheduler : public Scheduler {
  public:
    // `name` is what name() reports (make_scheduler passes the name it was asked for). Throws
    // pixart::Error(Unsupported) for a config this port does not implement.
    explicit DPMSolverMultistepScheduler(const SchedulerConfig& config,
                                         std::string name = "dpm++2m");

    void set_timesteps(int num_inference_steps) override;
    const std::vector<std::int64_t>& timesteps() const override { return timesteps_; }
    double init_noise_sigma() const override { return 1.0; }
    torch::Tensor step(const torch::Tensor& model_output, std::int64_t timestep,
                       const torch::Tensor& sample) override;
    torch::Tensor add_noise(const torch::Tensor& original,
                            const torch::Tensor& noise) const override;
    const torch::Tensor& predicted_original_sample() const override { return x0_; }
    std::string name() const override { return name_; }
    void set_noise_source(NoiseSource source) override { noise_source_ = std::move(source); }
    bool draws_noise() const override { return sde_; }

    // The training noise schedule ([num_train_timesteps] float32) and the sigmas of the current
    // run ([N+1] float32, the last one 0 or sigma_min), as diffusers holds them.
    const torch::Tensor& betas() const { return betas_; }
    const torch::Tensor& alphas_cumprod() const { return alphas_cumprod_; }
    const torch::Tensor& sigmas() const { return sigmas_; }

  private:
    torch::Tensor convert_model_output(const torch::Tensor& model_output,
                                       const torch::Tensor& sample) const;
    torch::Tensor first_order_update(const torch::Tensor& x0, const torch::Tensor& sample,
                                     const torch::Tensor& noise) const;
    torch::Tensor second_order_update(const torch::Tensor& sample,
                                      const torch::Tensor& noise) const;

    SchedulerConfig config_;
    std::string name_;
    bool sde_ = false;  // algorithm_type sde-dpmsolver++: a noise draw every step
    NoiseSource noise_source_;
    torch::Tensor betas_;           // [T] float32
    torch::Tensor alphas_cumprod_;  // [T] float32
    torch::Tensor sigma_table_;     // [T] float32 sqrt((1 - acp) / acp)

    std::vector<std::int64_t> timesteps_;
    torch::Tensor sigmas_;  // [N+1] float32, on the CPU like diffusers keeps it
    // Solver state of the current run.
    std::vector<torch::Tensor> model_outputs_;  // the last solver_order x0 predictions, newest last
    int lower_order_nums_ = 0;
    std::int64_t step_index_ = -1;  // -1: not started
    torch::Tensor x0_;
};

}  // namespace pixart
