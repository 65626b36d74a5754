// Port of diffusers schedulers/scheduling_ddim.py (v0.30.3).
#include "schedulers/ddim.h"

#include <cmath>

#include "api/errors.h"
#include "schedulers/noise_schedule.h"
#include "schedulers/timestep_spacing.h"

namespace pixart {
namespace {

[[noreturn]] void unsupported(const std::string& what) {
    throw Error(ErrorKind::Unsupported, "DDIMScheduler: " + what);
}

}  // namespace

DDIMScheduler::DDIMScheduler(const SchedulerConfig& config) : config_(config) {
    if (config_.beta_schedule != "linear")
        unsupported("beta_schedule '" + config_.beta_schedule + "'");
    if (config_.prediction_type != "epsilon")
        unsupported("prediction_type '" + config_.prediction_type + "'");
    if (config_.thresholding) unsupported("thresholding");
    if (config_.rescale_betas_zero_snr) unsupported("rescale_betas_zero_snr");
    if (config_.timestep_spacing != "linspace" && config_.timestep_spacing != "leading" &&
        config_.timestep_spacing != "trailing")
        unsupported("timestep_spacing '" + config_.timestep_spacing + "'");
    if (config_.num_train_timesteps <= 1) unsupported("num_train_timesteps must be > 1");
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    const torch::Tensor betas =
        torch::linspace(config_.beta_start, config_.beta_end, config_.num_train_timesteps, f32);
    alphas_cumprod_ = torch::cumprod(1.0 - betas, 0);
}

void DDIMScheduler::set_timesteps(int num_inference_steps) {
    const int T = config_.num_train_timesteps;
    if (num_inference_steps < 1 || num_inference_steps > T) {
        throw Error(ErrorKind::InvalidArgument, "scheduler: DDIM takes 1 to " + std::to_string(T) +
                                                    " steps, got " +
                                                    std::to_string(num_inference_steps));
    }
    const int n = num_inference_steps;
    timesteps_.clear();
    if (config_.timestep_spacing == "linspace") {
        // np.linspace(0, T - 1, n).round()[::-1]: i * ((T - 1) / (n - 1)), the last exactly T - 1.
        const double stop = static_cast<double>(T - 1);
        for (int i = n - 1; i >= 0; --i) {
            const double x = n == 1 ? 0.0
                             : i == n - 1
                                 ? stop
                                 : static_cast<double>(i) * (stop / static_cast<double>(n - 1));
            timesteps_.push_back(round_half_even(x));
        }
    } else if (config_.timestep_spacing == "leading") {
        const std::int64_t ratio = T / n;
        for (int i = n - 1; i >= 0; --i) timesteps_.push_back(i * ratio + config_.steps_offset);
    } else {
        // np.round(np.arange(T, 0, -T / n)) - 1
        const double ratio = static_cast<double>(T) / static_cast<double>(n);
        for (int i = 0; i < n; ++i)
            timesteps_.push_back(round_half_even(static_cast<double>(T) - i * ratio) - 1);
    }
    num_inference_steps_ = n;
    x0_ = torch::Tensor();
}

torch::Tensor DDIMScheduler::step(const torch::Tensor& model_output, std::int64_t timestep,
                                  const torch::Tensor& sample) {
    check_step_inputs(model_output, sample);
    if (timestep < 0 || timestep >= config_.num_train_timesteps) {
        throw Error(ErrorKind::InvalidArgument,
                    "scheduler: timestep " + std::to_string(timestep) + " is outside 0.." +
                        std::to_string(config_.num_train_timesteps - 1));
    }
    // 0-dim float32 tensors in diffusers' operation order: that is what makes this bit-exact.
    const std::int64_t prev_timestep =
        timestep - config_.num_train_timesteps / num_inference_steps_;
    const torch::Tensor alpha_prod_t = alphas_cumprod_[timestep];
    const torch::Tensor alpha_prod_t_prev = prev_timestep >= 0
                                                ? alphas_cumprod_[prev_timestep]
                                                : torch::tensor(1.0f);  // set_alpha_to_one
    const torch::Tensor beta_prod_t = 1.0 - alpha_prod_t;

    torch::Tensor x0 = (sample - beta_prod_t.pow(0.5) * model_output) / alpha_prod_t.pow(0.5);
    x0 = x0.clamp(-1.0, 1.0);  // clip_sample, clip_sample_range 1.0
    // eta = 0: std_dev_t = 0 * variance ** 0.5 = 0, and no noise is drawn.
    const torch::Tensor beta_prod_t_prev = 1.0 - alpha_prod_t_prev;
    const torch::Tensor variance =
        (beta_prod_t_prev / beta_prod_t) * (1.0 - alpha_prod_t / alpha_prod_t_prev);
    const torch::Tensor std_dev_t = 0.0 * variance.pow(0.5);
    const torch::Tensor direction =
        (1.0 - alpha_prod_t_prev - std_dev_t.pow(2)).pow(0.5) * model_output;
    x0_ = x0;
    return alpha_prod_t_prev.pow(0.5) * x0 + direction;
}

torch::Tensor DDIMScheduler::add_noise(const torch::Tensor& original,
                                       const torch::Tensor& noise) const {
    check_add_noise();
    return add_noise_at_timestep(
        alphas_cumprod_, timesteps_.at(static_cast<std::size_t>(start_index())), original, noise);
}

}  // namespace pixart
