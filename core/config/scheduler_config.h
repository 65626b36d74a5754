// scheduler/scheduler_config.json of a DPMSolverMultistepScheduler (diffusers v0.30.3).
#pragma once

#include <string>

namespace pixart {

struct SchedulerConfig {
    std::string class_name = "DPMSolverMultistepScheduler";
    int num_train_timesteps = 1000;
    double beta_start = 0.0001;
    double beta_end = 0.02;
    std::string beta_schedule = "linear";
    int solver_order = 2;
    std::string prediction_type = "epsilon";
    std::string algorithm_type = "dpmsolver++";
    std::string solver_type = "midpoint";
    bool lower_order_final = true;
    bool euler_at_final = false;
    bool use_karras_sigmas = false;
    bool use_lu_lambdas = false;
    bool thresholding = false;
    std::string final_sigmas_type = "zero";
    std::string timestep_spacing = "linspace";
    int steps_offset = 0;
    bool rescale_betas_zero_snr = false;

    static SchedulerConfig from_file(const std::string& path);
};

}  // namespace pixart
