// Port of diffusers schedulers/scheduling_dpmsolver_multistep.py (v0.30.3).
#include "schedulers/dpm_solver_multistep.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "api/errors.h"
#include "schedulers/noise_schedule.h"
#include "schedulers/timestep_spacing.h"

namespace pixart {

namespace {

[[noreturn]] void unsupported(const std::string& what) {
    throw Error(ErrorKind::Unsupported, "DPMSolverMultistepScheduler: " + what);
}

// The checks SchedulerConfig::from_file makes, repeated for configs built in code.
void validate(const SchedulerConfig& c) {
    if (c.beta_schedule != "linear") unsupported("beta_schedule '" + c.beta_schedule + "'");
    if (c.prediction_type != "epsilon") unsupported("prediction_type '" + c.prediction_type + "'");
    if (c.algorithm_type != "dpmsolver++" && c.algorithm_type != "sde-dpmsolver++")
        unsupported("algorithm_type '" + c.algorithm_type + "'");
    if (c.solver_type != "midpoint") unsupported("solver_type '" + c.solver_type + "'");
    if (c.solver_order < 1 || c.solver_order > 2) unsupported("solver_order must be 1 or 2");
    if (c.use_lu_lambdas) unsupported("use_lu_lambdas");
    if (c.thresholding) unsupported("thresholding");
    if (c.rescale_betas_zero_snr) unsupported("rescale_betas_zero_snr");
    if (c.final_sigmas_type != "zero" && c.final_sigmas_type != "sigma_min") {
        unsupported("final_sigmas_type '" + c.final_sigmas_type + "'");
    }
    if (c.timestep_spacing != "linspace" && c.timestep_spacing != "leading" &&
        c.timestep_spacing != "trailing") {
        unsupported("timestep_spacing '" + c.timestep_spacing + "'");
    }
    if (c.num_train_timesteps <= 1) unsupported("num_train_timesteps must be > 1");
}

// np.linspace(0, 1, n): i * (1 / (n - 1)) in float64, the last point exactly 1; [0] for n = 1.
double unit_linspace(int i, int n) {
    if (n == 1) return 0.0;
    if (i == n - 1) return 1.0;
    return static_cast<double>(i) * (1.0 / static_cast<double>(n - 1));
}

// diffusers _convert_to_karras (rho 7) over the float32 sigma table: float64 throughout, as numpy.
std::vector<double> karras_sigmas(double sigma_min, double sigma_max, int n) {
    constexpr double kRho = 7.0;
    const double min_inv_rho = std::pow(sigma_min, 1.0 / kRho);
    const double max_inv_rho = std::pow(sigma_max, 1.0 / kRho);
    std::vector<double> sigmas;
    sigmas.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        sigmas.push_back(
            std::pow(max_inv_rho + unit_linspace(i, n) * (min_inv_rho - max_inv_rho), kRho));
    return sigmas;
}

// diffusers _sigma_to_t: the fractional timestep of `sigma` by interpolation in log-sigma over
// the float32 table. numpy 1.x subtracts the float64 scalar from the float32 array in float32
// (value-based casting); the interpolation weight is float64.
double sigma_to_t(double sigma, const std::vector<float>& log_sigmas) {
    const double log_sigma = std::log(std::max(sigma, 1e-10));
    const auto log_sigma32 = static_cast<float>(log_sigma);
    const auto count = static_cast<std::int64_t>(log_sigmas.size());
    std::int64_t low_index = 0;
    std::int64_t prefix = 0;  // argmax of cumsum(dists >= 0): the last index of the max count
    std::int64_t best = 0;
    for (std::int64_t j = 0; j < count; ++j) {
        if (log_sigma32 - log_sigmas[static_cast<std::size_t>(j)] >= 0.0f) ++prefix;
        if (prefix > best) {
            best = prefix;
            low_index = j;
        }
    }
    low_index = std::min(low_index, count - 2);
    const std::int64_t high_index = low_index + 1;
    const double low = log_sigmas[static_cast<std::size_t>(low_index)];
    const double high = log_sigmas[static_cast<std::size_t>(high_index)];
    const double w = std::clamp((low - log_sigma) / (low - high), 0.0, 1.0);
    return (1.0 - w) * static_cast<double>(low_index) + w * static_cast<double>(high_index);
}

}  // namespace

DPMSolverMultistepScheduler::DPMSolverMultistepScheduler(const SchedulerConfig& config,
                                                         std::string name)
    : config_(config), name_(std::move(name)), sde_(config.algorithm_type == "sde-dpmsolver++") {
    validate(config_);
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    // torch.linspace(beta_start, beta_end, T, dtype=float32); cumprod(1 - betas) in float32.
    betas_ =
        torch::linspace(config_.beta_start, config_.beta_end, config_.num_train_timesteps, f32);
    alphas_cumprod_ = torch::cumprod(1.0 - betas_, 0);
    // ((1 - acp) / acp) ** 0.5 in float32.
    sigma_table_ = ((1.0 - alphas_cumprod_) / alphas_cumprod_).pow(0.5);
    model_outputs_.resize(static_cast<std::size_t>(config_.solver_order));
}

void DPMSolverMultistepScheduler::set_timesteps(int num_inference_steps) {
    // lambda_min_clipped is -inf for DPM-Solver++ configs: nothing is clipped.
    const int n = num_inference_steps;
    timesteps_ = checked_multistep_timesteps(config_, n);

    const auto table = sigma_table_.accessor<float, 1>();
    const std::int64_t last_index = sigma_table_.size(0) - 1;
    std::vector<double> karras;
    if (config_.use_karras_sigmas) {
        // Karras et al. (2022): sigmas on a rho-7 ramp between the table's ends; the timesteps the
        // transformer sees are those sigmas mapped back onto the table and rounded.
        karras = karras_sigmas(table[0], table[last_index], n);
        std::vector<float> log_sigmas(static_cast<std::size_t>(last_index + 1));
        for (std::int64_t j = 0; j <= last_index; ++j)
            log_sigmas[static_cast<std::size_t>(j)] = std::log(table[j]);
        timesteps_.clear();
        for (double sigma : karras)
            timesteps_.push_back(round_half_even(sigma_to_t(sigma, log_sigmas)));
    }

    // np.interp(timesteps, arange(T), sigma_table): integer timesteps read the float32 table
    // exactly; np.interp clamps outside [0, T-1]. Karras sigmas are cast to float32.
    const auto count = static_cast<std::int64_t>(timesteps_.size());
    sigmas_ = torch::empty({count + 1}, torch::kFloat32);
    auto out = sigmas_.accessor<float, 1>();
    for (std::int64_t i = 0; i < count; ++i) {
        out[i] = config_.use_karras_sigmas
                     ? static_cast<float>(karras[static_cast<std::size_t>(i)])
                     : table[std::clamp<std::int64_t>(timesteps_[static_cast<std::size_t>(i)], 0,
                                                      last_index)];
    }
    out[count] = config_.final_sigmas_type == "sigma_min" ? table[0] : 0.0f;

    std::fill(model_outputs_.begin(), model_outputs_.end(), torch::Tensor());
    lower_order_nums_ = 0;
    step_index_ = -1;
    x0_ = torch::Tensor();
}

torch::Tensor DPMSolverMultistepScheduler::convert_model_output(const torch::Tensor& model_output,
                                                                const torch::Tensor& sample) const {
    // DPM-Solver++ integrates the data prediction: x0 = (x - sigma_t * eps) / alpha_t.
    const AlphaSigma s = alpha_sigma_of(sigmas_[step_index_]);
    return (sample - s.sigma * model_output) / s.alpha;
}

torch::Tensor DPMSolverMultistepScheduler::first_order_update(const torch::Tensor& x0,
                                                              const torch::Tensor& sample,
                                                              const torch::Tensor& noise) const {
    const AlphaSigma t = alpha_sigma_of(sigmas_[step_index_ + 1]);
    const AlphaSigma s = alpha_sigma_of(sigmas_[step_index_]);
    // With a final sigma of 0, lambda_t = +inf and exp(-h) = 0: the update returns x0 exactly.
    const torch::Tensor h = lambda_of(t) - lambda_of(s);
    if (sde_) {
        return (t.sigma / s.sigma * torch::exp(-h)) * sample +
               (t.alpha * (1 - torch::exp(-2.0 * h))) * x0 +
               t.sigma * torch::sqrt(1.0 - torch::exp(-2 * h)) * noise;
    }
    return (t.sigma / s.sigma) * sample - (t.alpha * (torch::exp(-h) - 1.0)) * x0;
}

torch::Tensor DPMSolverMultistepScheduler::second_order_update(const torch::Tensor& sample,
                                                               const torch::Tensor& noise) const {
    const AlphaSigma t = alpha_sigma_of(sigmas_[step_index_ + 1]);
    const AlphaSigma s0 = alpha_sigma_of(sigmas_[step_index_]);
    const AlphaSigma s1 = alpha_sigma_of(sigmas_[step_index_ - 1]);
    const torch::Tensor lambda_t = lambda_of(t);
    const torch::Tensor lambda_s0 = lambda_of(s0);
    const torch::Tensor lambda_s1 = lambda_of(s1);

    const torch::Tensor& m0 = model_outputs_[model_outputs_.size() - 1];
    const torch::Tensor& m1 = model_outputs_[model_outputs_.size() - 2];
    const torch::Tensor h = lambda_t - lambda_s0;
    const torch::Tensor h_0 = lambda_s0 - lambda_s1;
    const torch::Tensor r0 = h_0 / h;
    const torch::Tensor& d0 = m0;
    const torch::Tensor d1 = r0.reciprocal() * (m0 - m1);  // Python: (1.0 / r0) * (m0 - m1)
    if (sde_) {
        return (t.sigma / s0.sigma * torch::exp(-h)) * sample +
               (t.alpha * (1 - torch::exp(-2.0 * h))) * d0 +
               0.5 * (t.alpha * (1 - torch::exp(-2.0 * h))) * d1 +
               t.sigma * torch::sqrt(1.0 - torch::exp(-2 * h)) * noise;
    }
    // Midpoint DPM-Solver++(2M), https://arxiv.org/abs/2211.01095; the operation order is
    // diffusers' so that the float32 rounding matches.
    return (t.sigma / s0.sigma) * sample - (t.alpha * (torch::exp(-h) - 1.0)) * d0 -
           (0.5 * (t.alpha * (torch::exp(-h) - 1.0))) * d1;
}

torch::Tensor DPMSolverMultistepScheduler::step(const torch::Tensor& model_output,
                                                std::int64_t timestep,
                                                const torch::Tensor& sample) {
    check_step_inputs(model_output, sample);
    if (step_index_ < 0) step_index_ = first_step_index(timestep);
    const auto count = static_cast<std::int64_t>(timesteps_.size());
    check_step_index(step_index_);

    // The last step is first order: final_sigmas_type 'zero' forces it (lambda would be +inf),
    // lower_order_final does for short runs.
    const bool lower_order_final =
        step_index_ == count - 1 &&
        (config_.euler_at_final || (config_.lower_order_final && count < 15) ||
         config_.final_sigmas_type == "zero");

    torch::Tensor x0 = convert_model_output(model_output, sample);
    std::rotate(model_outputs_.begin(), model_outputs_.begin() + 1, model_outputs_.end());
    model_outputs_.back() = x0;

    // diffusers upcasts the sample for the update and casts the result back to x0's dtype.
    const torch::Tensor sample32 = sample.to(torch::kFloat32);
    // The SDE form draws its noise here, every step (the last one too), before the update.
    torch::Tensor noise;
    if (sde_) {
        if (!noise_source_)
            throw Error(ErrorKind::InvalidArgument,
                        "scheduler: " + name_ + " needs a noise source (set_noise_source)");
        noise = noise_source_().to(torch::kFloat32);
        if (noise.sizes() != sample.sizes())
            throw Error(ErrorKind::Internal, "scheduler: the noise source drew the wrong shape");
    }
    torch::Tensor prev_sample;
    if (config_.solver_order == 1 || lower_order_nums_ < 1 || lower_order_final) {
        prev_sample = first_order_update(x0, sample32, noise);
    } else {
        prev_sample = second_order_update(sample32, noise);
    }
    if (lower_order_nums_ < config_.solver_order) ++lower_order_nums_;

    x0_ = x0;
    ++step_index_;
    return prev_sample.to(x0.scalar_type());
}

torch::Tensor DPMSolverMultistepScheduler::add_noise(const torch::Tensor& original,
                                                     const torch::Tensor& noise) const {
    check_add_noise();
    return add_noise_at_sigma(sigmas_[start_index()], original, noise);
}

}  // namespace pixart
