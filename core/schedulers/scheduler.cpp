#include "schedulers/scheduler.h"

#include <algorithm>

#include "api/errors.h"
#include "schedulers/ddim.h"
#include "schedulers/deis_multistep.h"
#include "schedulers/dpm_solver_multistep.h"
#include "schedulers/euler_discrete.h"
#include "schedulers/noise_schedule.h"
#include "schedulers/sa_solver.h"
#include "schedulers/unipc_multistep.h"

namespace pixart {

namespace {

// Every scheduler here is a DPM-Solver++ variant over the model's own noise schedule; the name
// picks the solver order and the sigmas, the model's config everything else.
struct SchedulerEntry {
    const char* name;
    int solver_order;
    bool karras_sigmas;
    bool sde = false;
};

constexpr SchedulerEntry kSchedulers[] = {
    {"dpm++2m", 2, false},        // DPM-Solver++(2M): the PixArt-Sigma default
    {"dpm++1", 1, false},         // first order DPM-Solver++ (= DDIM with eta 0 on the same sigmas)
    {"dpm++2m_karras", 2, true},  // DPM++ 2M on Karras sigmas (use_karras_sigmas=True)
    {"dpm++2m_sde", 2, false, true},  // algorithm_type sde-dpmsolver++: noise every step
};

// Samplers of their own class (not DPM-Solver variants), after the DPM ones.
constexpr const char* kOtherSchedulers[] = {"ddim",  "deis",    "unipc",
                                            "euler", "euler_a", "sa_solver"};

}  // namespace

void Scheduler::check_step_inputs(const torch::Tensor& model_output,
                                  const torch::Tensor& sample) const {
    if (timesteps().empty())
        throw Error(ErrorKind::InvalidArgument, "scheduler: step() before set_timesteps()");
    if (!model_output.defined() || !sample.defined() || model_output.sizes() != sample.sizes()) {
        throw Error(ErrorKind::InvalidArgument,
                    "scheduler: model_output and sample must be tensors of the same shape");
    }
}

void Scheduler::check_step_index(std::int64_t index) const {
    const auto count = static_cast<std::int64_t>(timesteps().size());
    if (index >= count) {
        throw Error(ErrorKind::InvalidArgument,
                    "scheduler: step() called more than " + std::to_string(count) + " times");
    }
}

void Scheduler::check_add_noise() const {
    if (timesteps().empty())
        throw Error(ErrorKind::InvalidArgument, "scheduler: add_noise() before set_timesteps()");
}

std::int64_t Scheduler::first_step_index(std::int64_t timestep) const {
    return begin_index_ >= 0 ? begin_index_ : index_for_timestep(timesteps(), timestep);
}

std::unique_ptr<Scheduler> make_scheduler(const std::string& name, const SchedulerConfig& config) {
    for (const auto& entry : kSchedulers) {
        if (name == entry.name) {
            SchedulerConfig c = config;
            c.solver_order = entry.solver_order;
            c.use_karras_sigmas = entry.karras_sigmas;
            if (entry.sde) c.algorithm_type = "sde-dpmsolver++";
            return std::make_unique<DPMSolverMultistepScheduler>(c, name);
        }
    }
    if (name == "ddim") return std::make_unique<DDIMScheduler>(config);
    if (name == "euler" || name == "euler_a")
        return std::make_unique<EulerDiscreteScheduler>(config, name == "euler_a");
    if (name == "deis") {
        SchedulerConfig c = config;
        c.solver_order = std::min(c.solver_order, 2);
        return std::make_unique<DEISMultistepScheduler>(c);
    }
    if (name == "unipc") {
        SchedulerConfig c = config;
        c.solver_order = std::min(c.solver_order, 2);
        return std::make_unique<UniPCMultistepScheduler>(c);
    }
    if (name == "sa_solver") return std::make_unique<SASolverScheduler>(config);
    std::string valid;
    for (const auto& n : scheduler_names()) valid += (valid.empty() ? "" : ", ") + n;
    throw Error(ErrorKind::InvalidArgument,
                "unknown scheduler '" + name + "' (valid: " + valid + ")");
}

std::vector<std::string> scheduler_names() {
    std::vector<std::string> names;
    for (const auto& entry : kSchedulers) names.emplace_back(entry.name);
    for (const char* name : kOtherSchedulers) names.emplace_back(name);
    return names;
}

}  // namespace pixart
