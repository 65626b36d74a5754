// Port of diffusers schedulers/scheduling_euler_discrete.py and
// scheduling_euler_ancestral_discrete.py (v0.30.3).
#include "schedulers/euler_discrete.h"

#include <algorithm>
#include <cmath>

#include "api/errors.h"
#include "schedulers/noise_schedule.h"

namespace pixart {
namespace {

[[noreturn]] void unsupported(const std::string& what) {
    throw Error(ErrorKind::Unsupported, "EulerDiscreteScheduler: " + what);
}

}  // namespace

EulerDiscreteScheduler::EulerDiscreteScheduler(const SchedulerConfig& config, bool ancestral)
    : config_(config), ancestral_(ancestral) {
    if (config_.beta_schedule != "linear")
        unsupported("beta_schedule '" + config_.beta_schedule + "'");
    if (config_.prediction_type != "epsilon")
        unsupported("prediction_type '" + config_.prediction_type + "'");
    if (config_.timestep_spacing != "linspace")
        unsupported("timestep_spacing '" + config_.timestep_spacing + "'");
    if (config_.use_karras_sigmas || config_.use_lu_lambdas) unsupported("karras / lu sigmas");
    if (config_.rescale_betas_zero_snr) unsupported("rescale_betas_zero_snr");
    if (config_.num_train_timesteps <= 1) unsupported("num_train_timesteps must be > 1");
    sigma_table_ = training_sigma_table(config_);
}

void EulerDiscreteScheduler::set_timesteps(int num_inference_steps) {
    if (num_inference_steps < 1) {
        throw Error(ErrorKind::InvalidArgument,
                    "scheduler: the number of steps must be at least 1, got " +
                        std::to_string(num_inference_steps));
    }
    const int n = num_inference_steps;
    const int T = config_.num_train_timesteps;
    // np.linspace(0, T - 1, n, dtype=float32)[::-1]: float64 points, the last exactly T - 1,
    // then cast to float32.
    const double stop = static_cast<double>(T - 1);
    float_timesteps_.clear();
    for (int i = n - 1; i >= 0; --i) {
        const double x = n == 1 ? 0.0
                         : i == n - 1
                             ? stop
                             : static_cast<double>(i) * (stop / static_cast<double>(n - 1));
        float_timesteps_.push_back(static_cast<float>(x));
    }
    // np.interp(timesteps, arange(T), sigma_table) in float64, then 0 appended, cast to float32.
    const auto table = sigma_table_.accessor<float, 1>();
    sigmas_ = torch::empty({n + 1}, torch::kFloat32);
    auto out = sigmas_.accessor<float, 1>();
    for (int i = 0; i < n; ++i) {
        const double x = float_timesteps_[static_cast<std::size_t>(i)];
        double value;
        if (x >= stop) {
            value = table[T - 1];
        } else if (x <= 0.0) {
            value = table[0];
        } else {
            const auto j = static_cast<std::int64_t>(std::floor(x));
            const double slope = (static_cast<double>(table[j + 1]) - table[j]) / 1.0;
            value = slope * (x - static_cast<double>(j)) + table[j];
        }
        out[i] = static_cast<float>(value);
    }
    out[n] = 0.0f;
    init_noise_sigma_ = sigmas_.max().item<float>();
    timesteps_.clear();
    for (float t : float_timesteps_) timesteps_.push_back(std::llround(t));
    step_index_ = -1;  // the begin index, or 0, at the first step
    x0_ = torch::Tensor();
}

torch::Tensor EulerDiscreteScheduler::model_timestep(std::size_t i) const {
    return torch::tensor(float_timesteps_.at(i), torch::kFloat32);
}

torch::Tensor EulerDiscreteScheduler::scale_model_input(const torch::Tensor& sample,
                                                        std::size_t i) const {
    const torch::Tensor sigma = sigmas_[static_cast<std::int64_t>(i)];
    return sample / sigma.pow(2).add(1).pow(0.5);
}

torch::Tensor EulerDiscreteScheduler::step(const torch::Tensor& model_output,
                                           std::int64_t /*timestep*/, const torch::Tensor& sample) {
    check_step_inputs(model_output, sample);
    if (step_index_ < 0) step_index_ = start_index();
    check_step_index(step_index_);
    if (!noise_source_)
        throw Error(ErrorKind::InvalidArgument,
                    "scheduler: " + name() + " needs a noise source (set_noise_source)");
    const torch::Tensor sample32 = sample.to(torch::kFloat32);
    const torch::Tensor sigma = sigmas_[step_index_];
    const torch::Tensor sigma_next = sigmas_[step_index_ + 1];
    torch::Tensor prev_sample;
    if (!ancestral_) {
        // Drawn before the update and unused (s_churn 0): it advances the generator.
        (void)noise_source_();
        const torch::Tensor sigma_hat = sigma * 1.0;  // sigma * (gamma + 1), gamma 0
        x0_ = sample32 - sigma_hat * model_output;
        const torch::Tensor derivative = (sample32 - x0_) / sigma_hat;
        const torch::Tensor dt = sigma_next - sigma_hat;
        prev_sample = sample32 + derivative * dt;
    } else {
        x0_ = sample32 - sigma * model_output;
        const torch::Tensor sigma_up =
            (sigma_next.pow(2) * (sigma.pow(2) - sigma_next.pow(2)) / sigma.pow(2)).pow(0.5);
        const torch::Tensor sigma_down = (sigma_next.pow(2) - sigma_up.pow(2)).pow(0.5);
        const torch::Tensor derivative = (sample32 - x0_) / sigma;
        const torch::Tensor dt = sigma_down - sigma;
        prev_sample = sample32 + derivative * dt;
        // Drawn after the deterministic part (the last step too, where sigma_up is 0).
        const torch::Tensor noise = noise_source_().to(torch::kFloat32);
        prev_sample = prev_sample + noise * sigma_up;
    }
    ++step_index_;
    return prev_sample.to(model_output.scalar_type());
}

torch::Tensor EulerDiscreteScheduler::add_noise(const torch::Tensor& original,
                                                const torch::Tensor& noise) const {
    check_add_noise();
    // No init_noise_sigma scaling here: image-to-image noises the clean latents directly.
    return original + noise * sigmas_[start_index()].to(original.device(), original.scalar_type());
}

}  // namespace pixart
