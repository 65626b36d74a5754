// Port of diffusers schedulers/scheduling_deis_multistep.py (v0.30.3).
#include "schedulers/deis_multistep.h"

#include <algorithm>
#include <cmath>

#include "api/errors.h"
#include "schedulers/noise_schedule.h"
#include "schedulers/timestep_spacing.h"

namespace pixart {
namespace {

[[noreturn]] void unsupported(const std::string& what) {
    throw Error(ErrorKind::Unsupported, "DEISMultistepScheduler: " + what);
}

// The log-rho integral of the second-order update: t * (-log c + log t - 1) / (log b - log c).
// diffusers takes np.log of 0-dim float32 tensors: float32 scalars, float32 arithmetic; the
// tensor is then scaled by them as by Python scalars.
torch::Tensor ind_fn(const torch::Tensor& t, const torch::Tensor& b, const torch::Tensor& c) {
    const float log_t = std::log(t.item<float>());
    const float log_b = std::log(b.item<float>());
    const float log_c = std::log(c.item<float>());
    const float inner = (-log_c + log_t) - 1.0f;
    const float denominator = log_b - log_c;
    return (t * static_cast<double>(inner)) / static_cast<double>(denominator);
}

}  // namespace

DEISMultistepScheduler::DEISMultistepScheduler(const SchedulerConfig& config) : config_(config) {
    if (config_.beta_schedule != "linear")
        unsupported("beta_schedule '" + config_.beta_schedule + "'");
    if (config_.prediction_type != "epsilon")
        unsupported("prediction_type '" + config_.prediction_type + "'");
    // DEIS remaps every DPM-Solver algorithm/solver name of a config to deis/logrho.
    if (config_.solver_order < 1 || config_.solver_order > 2)
        unsupported("solver_order must be 1 or 2");
    if (config_.use_karras_sigmas || config_.use_lu_lambdas) unsupported("karras / lu sigmas");
    if (config_.thresholding) unsupported("thresholding");
    if (config_.rescale_betas_zero_snr) unsupported("rescale_betas_zero_snr");
    if (config_.num_train_timesteps <= 1) unsupported("num_train_timesteps must be > 1");
    sigma_table_ = training_sigma_table(config_);
    model_outputs_.resize(static_cast<std::size_t>(config_.solver_order));
}

void DEISMultistepScheduler::set_timesteps(int num_inference_steps) {
    timesteps_ = checked_multistep_timesteps(config_, num_inference_steps);
    // np.interp at integer timesteps reads the float32 table; the last sigma is sigma(0).
    sigmas_ = sigmas_at_timesteps(sigma_table_, timesteps_, sigma_table_[0].item<float>());
    std::fill(model_outputs_.begin(), model_outputs_.end(), torch::Tensor());
    lower_order_nums_ = 0;
    step_index_ = -1;
    x0_ = torch::Tensor();
}

torch::Tensor DEISMultistepScheduler::first_order_update(const torch::Tensor& eps,
                                                         const torch::Tensor& sample) const {
    const AlphaSigma t = alpha_sigma_of(sigmas_[step_index_ + 1]);
    const AlphaSigma s = alpha_sigma_of(sigmas_[step_index_]);
    const torch::Tensor h = lambda_of(t) - lambda_of(s);
    return (t.alpha / s.alpha) * sample - (t.sigma * (torch::exp(h) - 1.0)) * eps;
}

torch::Tensor DEISMultistepScheduler::second_order_update(const torch::Tensor& sample) const {
    const AlphaSigma t = alpha_sigma_of(sigmas_[step_index_ + 1]);
    const AlphaSigma s0 = alpha_sigma_of(sigmas_[step_index_]);
    const AlphaSigma s1 = alpha_sigma_of(sigmas_[step_index_ - 1]);
    const torch::Tensor& m0 = model_outputs_[model_outputs_.size() - 1];
    const torch::Tensor& m1 = model_outputs_[model_outputs_.size() - 2];
    const torch::Tensor rho_t = t.sigma / t.alpha;
    const torch::Tensor rho_s0 = s0.sigma / s0.alpha;
    const torch::Tensor rho_s1 = s1.sigma / s1.alpha;
    const torch::Tensor coef1 = ind_fn(rho_t, rho_s0, rho_s1) - ind_fn(rho_s0, rho_s0, rho_s1);
    const torch::Tensor coef2 = ind_fn(rho_t, rho_s1, rho_s0) - ind_fn(rho_s0, rho_s1, rho_s0);
    return t.alpha * (sample / s0.alpha + coef1 * m0 + coef2 * m1);
}

torch::Tensor DEISMultistepScheduler::step(const torch::Tensor& model_output, std::int64_t timestep,
                                           const torch::Tensor& sample) {
    check_step_inputs(model_output, sample);
    const auto count = static_cast<std::int64_t>(timesteps_.size());
    if (step_index_ < 0) step_index_ = first_step_index(timestep);
    check_step_index(step_index_);
    const bool lower_order_final =
        step_index_ == count - 1 && config_.lower_order_final && count < 15;

    // convert_model_output: x0 from epsilon, then back to the epsilon DEIS integrates.
    const AlphaSigma s = alpha_sigma_of(sigmas_[step_index_]);
    const torch::Tensor x0 = (sample - s.sigma * model_output) / s.alpha;
    const torch::Tensor eps = (sample - s.alpha * x0) / s.sigma;
    std::rotate(model_outputs_.begin(), model_outputs_.begin() + 1, model_outputs_.end());
    model_outputs_.back() = eps;

    torch::Tensor prev_sample;
    if (config_.solver_order == 1 || lower_order_nums_ < 1 || lower_order_final)
        prev_sample = first_order_update(eps, sample);
    else
        prev_sample = second_order_update(sample);
    if (lower_order_nums_ < config_.solver_order) ++lower_order_nums_;
    x0_ = x0;
    ++step_index_;
    return prev_sample;
}

torch::Tensor DEISMultistepScheduler::add_noise(const torch::Tensor& original,
                                                const torch::Tensor& noise) const {
    check_add_noise();
    return add_noise_at_sigma(sigmas_[start_index()], original, noise);
}

}  // namespace pixart
