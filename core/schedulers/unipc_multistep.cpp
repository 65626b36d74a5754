// Port of diffusers schedulers/scheduling_unipc_multistep.py (v0.30.3).
#include "schedulers/unipc_multistep.h"

#include <algorithm>
#include <cmath>

#include "api/errors.h"
#include "schedulers/noise_schedule.h"
#include "schedulers/timestep_spacing.h"

namespace pixart {
namespace {

[[noreturn]] void unsupported(const std::string& what) {
    throw Error(ErrorKind::Unsupported, "UniPCMultistepScheduler: " + what);
}

// The B(h) = bh2 coefficient vector b of an order-`order` update (diffusers builds it for the
// predictor too, where order 2 then uses rho 0.5), and h·phi_1(h).
struct Coefficients {
    torch::Tensor h_phi_1;
    torch::Tensor b_h;
    torch::Tensor b;  // [order] float32
};

Coefficients coefficients(const torch::Tensor& h, int order) {
    const torch::Tensor hh = -h;  // predict_x0
    Coefficients c;
    c.h_phi_1 = torch::expm1(hh);
    torch::Tensor h_phi_k = c.h_phi_1 / hh - 1;
    c.b_h = torch::expm1(hh);
    std::vector<float> b;
    long factorial = 1;
    for (int i = 1; i <= order; ++i) {
        b.push_back(((h_phi_k * static_cast<double>(factorial)) / c.b_h).item<float>());
        factorial *= i + 1;
        h_phi_k = h_phi_k / hh - 1.0 / static_cast<double>(factorial);
    }
    c.b = torch::tensor(b, torch::kFloat32);
    return c;
}

}  // namespace

UniPCMultistepScheduler::UniPCMultistepScheduler(const SchedulerConfig& config) : config_(config) {
    if (config_.beta_schedule != "linear")
        unsupported("beta_schedule '" + config_.beta_schedule + "'");
    if (config_.prediction_type != "epsilon")
        unsupported("prediction_type '" + config_.prediction_type + "'");
    // UniPC remaps a config's midpoint / heun / logrho solver to bh2.
    if (config_.solver_type == "bh1") unsupported("solver_type 'bh1'");
    if (config_.solver_order < 1 || config_.solver_order > 2)
        unsupported("solver_order must be 1 or 2");
    if (config_.use_karras_sigmas || config_.use_lu_lambdas) unsupported("karras / lu sigmas");
    if (config_.thresholding) unsupported("thresholding");
    if (config_.rescale_betas_zero_snr) unsupported("rescale_betas_zero_snr");
    if (config_.final_sigmas_type != "zero" && config_.final_sigmas_type != "sigma_min")
        unsupported("final_sigmas_type '" + config_.final_sigmas_type + "'");
    if (config_.num_train_timesteps <= 1) unsupported("num_train_timesteps must be > 1");
    sigma_table_ = training_sigma_table(config_);
    model_outputs_.resize(static_cast<std::size_t>(config_.solver_order));
}

void UniPCMultistepScheduler::set_timesteps(int num_inference_steps) {
    timesteps_ = checked_multistep_timesteps(config_, num_inference_steps);
    const float final_sigma =
        config_.final_sigmas_type == "sigma_min" ? sigma_table_[0].item<float>() : 0.0f;
    sigmas_ = sigmas_at_timesteps(sigma_table_, timesteps_, final_sigma);
    std::fill(model_outputs_.begin(), model_outputs_.end(), torch::Tensor());
    last_sample_ = torch::Tensor();
    lower_order_nums_ = 0;
    this_order_ = 0;
    step_index_ = -1;
    x0_ = torch::Tensor();
}

// UniP, B(h) version: the predictor from the current sample to the next timestep.
torch::Tensor UniPCMultistepScheduler::predictor(const torch::Tensor& x, int order) const {
    const torch::Tensor& m0 = model_outputs_.back();
    const AlphaSigma t = alpha_sigma_of(sigmas_[step_index_ + 1]);
    const AlphaSigma s0 = alpha_sigma_of(sigmas_[step_index_]);
    const torch::Tensor h = lambda_of(t) - lambda_of(s0);
    torch::Tensor pred_res;
    if (order >= 2) {
        const AlphaSigma s1 = alpha_sigma_of(sigmas_[step_index_ - 1]);
        const torch::Tensor rk = (lambda_of(s1) - lambda_of(s0)) / h;
        const torch::Tensor d1 = (model_outputs_[model_outputs_.size() - 2] - m0) / rk;
        pred_res = 0.5 * d1;  // order 2: rhos_p = [0.5]
    }
    const Coefficients c = coefficients(h, order);
    const torch::Tensor x_t_ = t.sigma / s0.sigma * x - t.alpha * c.h_phi_1 * m0;
    if (!pred_res.defined()) return x_t_;
    return x_t_ - t.alpha * c.b_h * pred_res;
}

// UniC, B(h) version: corrects the sample the last predictor made, with this step's x0.
torch::Tensor UniPCMultistepScheduler::corrector(const torch::Tensor& model_t,
                                                 const torch::Tensor& x,
                                                 const torch::Tensor& /*this_sample*/,
                                                 int order) const {
    const torch::Tensor& m0 = model_outputs_.back();
    const AlphaSigma t = alpha_sigma_of(sigmas_[step_index_]);
    const AlphaSigma s0 = alpha_sigma_of(sigmas_[step_index_ - 1]);
    const torch::Tensor h = lambda_of(t) - lambda_of(s0);
    const Coefficients c = coefficients(h, order);
    torch::Tensor rhos_c;
    torch::Tensor corr_res;
    if (order == 1) {
        rhos_c = torch::tensor({0.5f});
    } else {
        const AlphaSigma s1 = alpha_sigma_of(sigmas_[step_index_ - 2]);
        const torch::Tensor rk = (lambda_of(s1) - lambda_of(s0)) / h;
        const torch::Tensor d1 = (model_outputs_[model_outputs_.size() - 2] - m0) / rk;
        const torch::Tensor rks = torch::tensor({rk.item<float>(), 1.0f});
        const torch::Tensor r = torch::stack({torch::pow(rks, 0), torch::pow(rks, 1)});
        rhos_c = torch::linalg_solve(r, c.b);
        corr_res = rhos_c[0] * d1;
    }
    const torch::Tensor x_t_ = t.sigma / s0.sigma * x - t.alpha * c.h_phi_1 * m0;
    const torch::Tensor d1_t = model_t - m0;
    const torch::Tensor last = rhos_c[rhos_c.size(0) - 1] * d1_t;
    return x_t_ - t.alpha * c.b_h * (corr_res.defined() ? corr_res + last : last);
}

torch::Tensor UniPCMultistepScheduler::step(const torch::Tensor& model_output,
                                            std::int64_t timestep, const torch::Tensor& sample) {
    check_step_inputs(model_output, sample);
    const auto count = static_cast<std::int64_t>(timesteps_.size());
    if (step_index_ < 0) step_index_ = first_step_index(timestep);
    check_step_index(step_index_);
    // convert_model_output (predict_x0): the data prediction, from the sample before correction.
    const AlphaSigma s = alpha_sigma_of(sigmas_[step_index_]);
    const torch::Tensor x0 = (sample - s.sigma * model_output) / s.alpha;

    torch::Tensor corrected = sample;
    if (step_index_ > 0 && last_sample_.defined())
        corrected = corrector(x0, last_sample_, sample, this_order_);

    std::rotate(model_outputs_.begin(), model_outputs_.begin() + 1, model_outputs_.end());
    model_outputs_.back() = x0;
    int order = config_.solver_order;
    if (config_.lower_order_final)
        order = std::min<int>(order, static_cast<int>(count - step_index_));
    this_order_ = std::min(order, lower_order_nums_ + 1);
    last_sample_ = corrected;
    const torch::Tensor prev_sample = predictor(corrected, this_order_);
    if (lower_order_nums_ < config_.solver_order) ++lower_order_nums_;
    x0_ = x0;
    ++step_index_;
    return prev_sample;
}

torch::Tensor UniPCMultistepScheduler::add_noise(const torch::Tensor& original,
                                                 const torch::Tensor& noise) const {
    check_add_noise();
    return add_noise_at_sigma(sigmas_[start_index()], original, noise);
}

}  // namespace pixart
