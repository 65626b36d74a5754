// The timestep schedules diffusers' multistep schedulers share (v0.30.3: DPMSolverMultistep,
// DEISMultistep, UniPCMultistep set_timesteps), numpy's float64 arithmetic reproduced.
#include "schedulers/timestep_spacing.h"

#include <cmath>
#include <string>

#include "api/errors.h"

namespace pixart {

std::int64_t round_half_even(double x) { return static_cast<std::int64_t>(std::nearbyint(x)); }

// np.linspace(0, last - 1, n + 1).round()[::-1][:-1]: numpy computes i * step (step =
// (last - 1) / n in float64) and sets the final point to `last - 1` exactly.
static std::vector<std::int64_t> linspace_timesteps(int last_timestep, int n) {
    const double stop = static_cast<double>(last_timestep - 1);
    const double step = stop / static_cast<double>(n);
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = n; i >= 1; --i) {
        out.push_back(round_half_even(i == n ? stop : static_cast<double>(i) * step));
    }
    return out;
}

// (np.arange(0, n + 1) * (last // (n + 1))).round()[::-1][:-1] + steps_offset, all integers.
static std::vector<std::int64_t> leading_timesteps(int last_timestep, int n, int steps_offset) {
    const std::int64_t step_ratio = last_timestep / (n + 1);
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = n; i >= 1; --i) out.push_back(i * step_ratio + steps_offset);
    return out;
}

// np.arange(last, 0, -T / n).round() - 1. numpy's float arange has ceil((0 - last) / step)
// entries, the second is last + step and the rest start + i * (second - start); kept as numpy
// does it so that the rounding (and the entry count) match.
static std::vector<std::int64_t> trailing_timesteps(int last_timestep, int n,
                                                    int num_train_timesteps) {
    const double step = -static_cast<double>(num_train_timesteps) / static_cast<double>(n);
    const double start = static_cast<double>(last_timestep);
    const auto length = static_cast<std::int64_t>(std::ceil((0.0 - start) / step));
    std::vector<std::int64_t> out;
    if (length <= 0) return out;
    out.push_back(round_half_even(start) - 1);
    if (length == 1) return out;
    const double second = start + step;
    const double delta = second - start;
    out.push_back(round_half_even(second) - 1);
    for (std::int64_t i = 2; i < length; ++i) {
        out.push_back(round_half_even(start + static_cast<double>(i) * delta) - 1);
    }
    return out;
}

std::vector<std::int64_t> multistep_timesteps(const SchedulerConfig& config, int n) {
    // lambda_min_clipped is -inf for every PixArt config: the last timestep is T.
    const int last_timestep = config.num_train_timesteps;
    if (config.timestep_spacing == "linspace") return linspace_timesteps(last_timestep, n);
    if (config.timestep_spacing == "leading")
        return leading_timesteps(last_timestep, n, config.steps_offset);
    if (config.timestep_spacing == "trailing")
        return trailing_timesteps(last_timestep, n, config.num_train_timesteps);
    throw Error(ErrorKind::Unsupported, "timestep_spacing '" + config.timestep_spacing + "'");
}

std::vector<std::int64_t> checked_multistep_timesteps(const SchedulerConfig& config, int n) {
    if (n < 1) {
        throw Error(ErrorKind::InvalidArgument,
                    "scheduler: the number of steps must be at least 1, got " + std::to_string(n));
    }
    std::vector<std::int64_t> timesteps = multistep_timesteps(config, n);
    if (timesteps.empty()) {
        throw Error(ErrorKind::InvalidArgument, "scheduler: " + std::to_string(n) +
                                                    " steps leave no timestep with '" +
                                                    config.timestep_spacing + "' spacing");
    }
    return timesteps;
}

}  // namespace pixart
