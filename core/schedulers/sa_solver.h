// Port of diffusers schedulers/scheduling_sasolver.py (v0.30.3) as PixArt-Sigma's authors run it:
// SA-Solver (stochastic Adams predictor + corrector, both order 2), data prediction, the
// built-in tau (stochastic for 200 <= t <= 800, an ODE step elsewhere), linear betas, the
// multistep timestep spacings, epsilon prediction; the last sigma is sigma(0), not 0.
//
// It draws one noise tensor every step, the last one too, even where tau is 0 (the draw then
// has a zero coefficient): the predictor's noise at step i is the corrector's at step i + 1.
#pragma once

#include "schedulers/scheduler.h"

namespace pixart {

class SASolverScheduler : public Scheduler {
  public:
    // Throws pixart::Error(Unsupported) for a config this port does not implement.
    explicit SASolverScheduler(const SchedulerConfig& config);

    void set_timesteps(int num_inference_steps) override;
    const std::vector<std::int64_t>& timesteps() const override { return timesteps_; }
    double init_noise_sigma() const override { return 1.0; }
    torch::Tensor step(const torch::Tensor& model_output, std::int64_t timestep,
                       const torch::Tensor& sample) override;
    torch::Tensor add_noise(const torch::Tensor& original,
                            const torch::Tensor& noise) const override;
    const torch::Tensor& predicted_original_sample() const override { return x0_; }
    std::string name() const override { return "sa_solver"; }
    void set_noise_source(NoiseSource source) override { noise_source_ = std::move(source); }
    bool draws_noise() const override { return true; }

    const torch::Tensor& sigmas() const { return sigmas_; }  // [N+1] float32

    // diffusers' default tau_func: 1 inside [200, 800], 0 outside.
    static int tau_at(std::int64_t timestep) { return timestep >= 200 && timestep <= 800 ? 1 : 0; }

  private:
    // Stochastic Adams-Bashforth: from `sample` at step_index_ to the next timestep.
    torch::Tensor predictor(const torch::Tensor& sample, const torch::Tensor& noise, int order,
                            int tau) const;
    // Stochastic Adams-Moulton: corrects the last predictor's result with this step's x0.
    torch::Tensor corrector(const torch::Tensor& this_x0, int order, int tau) const;
    // x_t = exp(-tau^2 h) sigma_t / sigma_s0 x + sum_i c_i D_i + sigma_t sqrt(1 - exp(-2 tau^2 h))
    // z over the interval (s0, t) = (sigmas_[from], sigmas_[to]) with the data predictions D
    // (newest first), lambda nodes at sigmas_[node0], sigmas_[node0 - 1], ...
    torch::Tensor adams_update(std::int64_t from, std::int64_t to, std::int64_t node0,
                               const std::vector<torch::Tensor>& data, const torch::Tensor& x,
                               const torch::Tensor& noise, int tau, bool predictor) const;

    static constexpr int kPredictorOrder = 2;
    static constexpr int kCorrectorOrder = 2;

    SchedulerConfig config_;
    torch::Tensor sigma_table_;     // [T] float32
    torch::Tensor alphas_cumprod_;  // [T] float32 (add_noise is DDPM's)
    std::vector<std::int64_t> timesteps_;
    torch::Tensor sigmas_;
    std::vector<torch::Tensor> model_outputs_;  // the last two data predictions, newest last
    std::vector<std::int64_t> timestep_list_;   // their timesteps
    torch::Tensor last_sample_;
    torch::Tensor last_noise_;
    int lower_order_nums_ = 0;
    int corrector_order_ = 0;  // for the next step's corrector
    std::int64_t step_index_ = -1;
    torch::Tensor x0_;
    NoiseSource noise_source_;
};

}  // namespace pixart
