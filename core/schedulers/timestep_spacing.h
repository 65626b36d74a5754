// Timestep schedules shared by the multistep schedulers (linspace / leading / trailing spacing of
// N steps over the training schedule), as numpy computes them.
#pragma once

#include <cstdint>
#include <vector>

#include "config/scheduler_config.h"

namespace pixart {

// numpy's round(): half to even (std::nearbyint in the default rounding mode).
std::int64_t round_half_even(double x);

// diffusers' multistep set_timesteps(n) for config.timestep_spacing, without Karras sigmas.
// Throws pixart::Error(Unsupported) for an unknown spacing; may be empty (trailing, tiny T).
std::vector<std::int64_t> multistep_timesteps(const SchedulerConfig& config, int n);

// multistep_timesteps for set_timesteps(n): throws pixart::Error(InvalidArgument) for n < 1 and
// for a spacing that leaves no timestep.
std::vector<std::int64_t> checked_multistep_timesteps(const SchedulerConfig& config, int n);

}  // namespace pixart
