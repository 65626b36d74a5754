#include "config/scheduler_config.h"

#include "config/json_file.h"

namespace pixart {

SchedulerConfig SchedulerConfig::from_file(const std::string& path) {
    const JsonFile f(path);
    SchedulerConfig c;
    c.class_name = f.get_string("_class_name", c.class_name);
    // diffusers' schedulers train on 1000 steps; 100000 leaves room without letting a damaged
    // config allocate billions of betas.
    c.num_train_timesteps = f.get_int("num_train_timesteps", 1000, 2, 100000);
    c.beta_start = f.get_number("beta_start", 0.0001);
    c.beta_end = f.get_number("beta_end", 0.02);
    c.beta_schedule = f.get_string("beta_schedule", "linear");
    c.solver_order = f.get_int("solver_order", 2, 1, 3);
    c.prediction_type = f.get_string("prediction_type", "epsilon");
    c.algorithm_type = f.get_string("algorithm_type", "dpmsolver++");
    c.solver_type = f.get_string("solver_type", "midpoint");
    c.lower_order_final = f.get_bool("lower_order_final", true);
    c.euler_at_final = f.get_bool("euler_at_final", false);
    c.use_karras_sigmas = f.get_bool("use_karras_sigmas", false);
    c.use_lu_lambdas = f.get_bool("use_lu_lambdas", false);
    c.thresholding = f.get_bool("thresholding", false);
    c.final_sigmas_type = f.get_string("final_sigmas_type", "zero");
    c.timestep_spacing = f.get_string("timestep_spacing", "linspace");
    c.steps_offset = f.get_int("steps_offset", 0, 0, 100000);
    c.rescale_betas_zero_snr = f.get_bool("rescale_betas_zero_snr", false);

    if (c.class_name != "DPMSolverMultistepScheduler")
        f.unsupported("_class_name", "only DPMSolverMultistepScheduler configs are read");
    if (c.beta_schedule != "linear") f.unsupported("beta_schedule", "only linear is implemented");
    if (c.prediction_type != "epsilon")
        f.unsupported("prediction_type", "only epsilon is implemented");
    if (c.algorithm_type != "dpmsolver++")
        f.unsupported("algorithm_type", "only dpmsolver++ is implemented");
    if (c.solver_type != "midpoint") f.unsupported("solver_type", "only midpoint is implemented");
    if (c.solver_order < 1 || c.solver_order > 2) f.unsupported("solver_order", "1 or 2");
    if (c.use_lu_lambdas) f.unsupported("use_lu_lambdas", "lu lambdas are not implemented");
    if (c.thresholding) f.unsupported("thresholding", "not implemented");
    if (c.rescale_betas_zero_snr) f.unsupported("rescale_betas_zero_snr", "not implemented");
    if (c.final_sigmas_type != "zero" && c.final_sigmas_type != "sigma_min")
        f.unsupported("final_sigmas_type", "zero or sigma_min");
    if (c.timestep_spacing != "linspace" && c.timestep_spacing != "leading" &&
        c.timestep_spacing != "trailing") {
        f.unsupported("timestep_spacing", "linspace, leading or trailing");
    }
    if (c.num_train_timesteps <= 1) f.unsupported("num_train_timesteps", "must be > 1");
    return c;
}

}  // namespace pixart
