// Port of diffusers schedulers/scheduling_sasolver.py (v0.30.3). The coefficients are 0-dim
// float32 tensors computed in diffusers' operation order (tau is a Python int there, so
// 1 + tau^2 is an exact integer factor).
#include "schedulers/sa_solver.h"

#include <algorithm>

#include "api/errors.h"
#include "schedulers/noise_schedule.h"
#include "schedulers/timestep_spacing.h"

namespace pixart {
namespace {

[[noreturn]] void unsupported(const std::string& what) {
    throw Error(ErrorKind::Unsupported, "SASolverScheduler: " + what);
}

// get_coefficients_exponential_positive: the integral of exp(x (1 + tau^2)) x^k over
// [start, end], k = 0 or 1 (orders up to 2 need no more).
torch::Tensor exponential_integral(int k, const torch::Tensor& start, const torch::Tensor& end,
                                   int tau) {
    const int s = 1 + tau * tau;
    const torch::Tensor end_cov = end * s;
    const torch::Tensor start_cov = start * s;
    const torch::Tensor decay = torch::exp(-(end_cov - start_cov));
    if (k == 0) return torch::exp(end_cov) * (1 - decay) / s;
    return torch::exp(end_cov) * ((end_cov - 1) - (start_cov - 1) * decay) / (s * s);
}

// get_coefficients_fn: the Lagrange polynomial through the lambda nodes, integrated against the
// exponential weight; one coefficient per data prediction (newest first).
std::vector<torch::Tensor> integration_coefficients(const torch::Tensor& start,
                                                    const torch::Tensor& end,
                                                    const std::vector<torch::Tensor>& nodes,
                                                    int tau) {
    if (nodes.size() == 1) return {exponential_integral(0, start, end, tau)};
    const torch::Tensor& l0 = nodes[0];
    const torch::Tensor& l1 = nodes[1];
    const torch::Tensor lagrange[2][2] = {{(l0 - l1).reciprocal(), (-l1) / (l0 - l1)},
                                          {(l1 - l0).reciprocal(), (-l0) / (l1 - l0)}};
    // diffusers evaluates the integrals again for every row; they are the same values.
    const torch::Tensor first = exponential_integral(1, start, end, tau);
    const torch::Tensor zeroth = exponential_integral(0, start, end, tau);
    std::vector<torch::Tensor> coefficients;
    for (const auto& row : lagrange) coefficients.push_back(row[0] * first + row[1] * zeroth);
    return coefficients;
}

torch::Tensor lambda_at(const torch::Tensor& sigmas, std::int64_t i) {
    return lambda_of(alpha_sigma_of(sigmas[i]));
}

}  // namespace

SASolverScheduler::SASolverScheduler(const SchedulerConfig& config) : config_(config) {
    if (config_.beta_schedule != "linear")
        unsupported("beta_schedule '" + config_.beta_schedule + "'");
    if (config_.prediction_type != "epsilon")
        unsupported("prediction_type '" + config_.prediction_type + "'");
    if (config_.use_karras_sigmas || config_.use_lu_lambdas) unsupported("karras / lu sigmas");
    if (config_.thresholding) unsupported("thresholding");
    if (config_.rescale_betas_zero_snr) unsupported("rescale_betas_zero_snr");
    if (config_.num_train_timesteps <= 1) unsupported("num_train_timesteps must be > 1");
    sigma_table_ = training_sigma_table(config_);
    alphas_cumprod_ = training_alphas_cumprod(config_);
}

void SASolverScheduler::set_timesteps(int num_inference_steps) {
    timesteps_ = checked_multistep_timesteps(config_, num_inference_steps);
    sigmas_ = sigmas_at_timesteps(sigma_table_, timesteps_, sigma_table_[0].item<float>());
    model_outputs_.assign(std::max(kPredictorOrder, kCorrectorOrder - 1), torch::Tensor());
    timestep_list_.assign(model_outputs_.size(), -1);
    last_sample_ = torch::Tensor();
    last_noise_ = torch::Tensor();
    lower_order_nums_ = 0;
    corrector_order_ = 0;
    step_index_ = -1;
    x0_ = torch::Tensor();
}

torch::Tensor SASolverScheduler::adams_update(std::int64_t from, std::int64_t to,
                                              std::int64_t node0,
                                              const std::vector<torch::Tensor>& data,
                                              const torch::Tensor& x, const torch::Tensor& noise,
                                              int tau, bool predictor) const {
    const AlphaSigma t = alpha_sigma_of(sigmas_[to]);
    const AlphaSigma s0 = alpha_sigma_of(sigmas_[from]);
    const torch::Tensor lambda_t = lambda_of(t);
    const torch::Tensor lambda_s0 = lambda_of(s0);
    const torch::Tensor h = lambda_t - lambda_s0;
    std::vector<torch::Tensor> nodes;
    for (std::size_t k = 0; k < data.size(); ++k)
        nodes.push_back(lambda_at(sigmas_, node0 - static_cast<std::int64_t>(k)));
    std::vector<torch::Tensor> c = integration_coefficients(lambda_s0, lambda_t, nodes, tau);

    const int s = 1 + tau * tau;
    if (data.size() == 2) {
        // An O(h^3) term (as in UniPC) that the authors found to help with few steps.
        const torch::Tensor inner = h * s - 1 + torch::exp(s * (-h));
        const torch::Tensor weight = torch::exp(lambda_t * s) * 1.0;
        const torch::Tensor extra =
            predictor ? weight * (h.pow(2) / 2 - inner / (s * s)) / (lambda_s0 - nodes[1])
                      : weight * (h / 2 - inner / (h * (s * s)));
        c[0] += extra;
        c[1] -= extra;
    }
    torch::Tensor gradient;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const torch::Tensor term =
            t.sigma * s * torch::exp(lambda_t * -(tau * tau)) * c[i] * data[i];
        gradient = i == 0 ? term : gradient + term;
    }
    const torch::Tensor noise_part =
        t.sigma * torch::sqrt(1 - torch::exp(h * (-2 * tau * tau))) * noise;
    return torch::exp(h * -(tau * tau)) * (t.sigma / s0.sigma) * x + gradient + noise_part;
}

torch::Tensor SASolverScheduler::predictor(const torch::Tensor& sample, const torch::Tensor& noise,
                                           int order, int tau) const {
    std::vector<torch::Tensor> data;
    for (int i = 0; i < order; ++i) data.push_back(model_outputs_[model_outputs_.size() - 1 - i]);
    return adams_update(step_index_, step_index_ + 1, step_index_, data, sample, noise, tau, true);
}

torch::Tensor SASolverScheduler::corrector(const torch::Tensor& this_x0, int order, int tau) const {
    // The nodes are this step's x0, then the stored ones (not yet shifted), newest first.
    std::vector<torch::Tensor> data{this_x0};
    for (int i = 1; i < order; ++i) data.push_back(model_outputs_[model_outputs_.size() - i]);
    return adams_update(step_index_ - 1, step_index_, step_index_, data, last_sample_, last_noise_,
                        tau, false);
}

torch::Tensor SASolverScheduler::step(const torch::Tensor& model_output, std::int64_t timestep,
                                      const torch::Tensor& sample) {
    check_step_inputs(model_output, sample);
    if (!noise_source_)
        throw Error(ErrorKind::InvalidArgument,
                    "scheduler: sa_solver needs a noise source (set_noise_source)");
    const auto count = static_cast<std::int64_t>(timesteps_.size());
    if (step_index_ < 0) step_index_ = first_step_index(timestep);
    check_step_index(step_index_);
    // convert_model_output (data prediction), from the sample before correction.
    const AlphaSigma s = alpha_sigma_of(sigmas_[step_index_]);
    const torch::Tensor x0 = (sample - s.sigma * model_output) / s.alpha;

    torch::Tensor corrected = sample;
    if (step_index_ > 0 && last_sample_.defined())
        corrected = corrector(x0, corrector_order_, tau_at(timestep_list_.back()));

    std::rotate(model_outputs_.begin(), model_outputs_.begin() + 1, model_outputs_.end());
    model_outputs_.back() = x0;
    std::rotate(timestep_list_.begin(), timestep_list_.begin() + 1, timestep_list_.end());
    timestep_list_.back() = timestep;

    const torch::Tensor noise = noise_source_().to(torch::kFloat32);
    if (noise.sizes() != sample.sizes())
        throw Error(ErrorKind::Internal, "scheduler: the noise source drew the wrong shape");

    int predictor_order = kPredictorOrder;
    int corrector_order = kCorrectorOrder;
    if (config_.lower_order_final) {
        predictor_order =
            static_cast<int>(std::min<std::int64_t>(predictor_order, count - step_index_));
        corrector_order =
            static_cast<int>(std::min<std::int64_t>(corrector_order, count - step_index_ + 1));
    }
    predictor_order = std::min(predictor_order, lower_order_nums_ + 1);  // multistep warm-up
    corrector_order_ = std::min(corrector_order, lower_order_nums_ + 2);

    last_sample_ = corrected;
    last_noise_ = noise;
    const torch::Tensor prev_sample =
        predictor(corrected, noise, predictor_order, tau_at(timestep));
    if (lower_order_nums_ < static_cast<int>(model_outputs_.size())) ++lower_order_nums_;
    x0_ = x0;
    ++step_index_;
    return prev_sample;
}

torch::Tensor SASolverScheduler::add_noise(const torch::Tensor& original,
                                           const torch::Tensor& noise) const {
    check_add_noise();
    return add_noise_at_timestep(
        alphas_cumprod_, timesteps_.at(static_cast<std::size_t>(start_index())), original, noise);
}

}  // namespace pixart
