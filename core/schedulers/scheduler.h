// The sampler interface of the pipeline: a scheduler turns the transformer's noise prediction at
// one timestep into the latents of the next one. Usage, as the pipeline loop does it:
//
//   auto scheduler = make_scheduler("dpm++2m", scheduler_config);
//   scheduler->set_timesteps(steps);
//   latents = latents * scheduler->init_noise_sigma();
//   for (std::int64_t t : scheduler->timesteps()) {
//       torch::Tensor eps = /* transformer(latents, t, ...) */;
//       latents = scheduler->step(eps, t, latents);
//   }
//
// A scheduler keeps solver state between steps (previous model outputs): one instance per
// generation, not shared between threads.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/scheduler_config.h"

namespace pixart {

class Scheduler {
  public:
    virtual ~Scheduler() = default;

    // Chooses the timesteps of a run of `num_inference_steps` steps and resets the solver state.
    // Throws pixart::Error(InvalidArgument) for num_inference_steps < 1.
    virtual void set_timesteps(int num_inference_steps) = 0;
    virtual const std::vector<std::int64_t>& timesteps() const = 0;
    // The initial latents are unit-variance noise times this.
    virtual double init_noise_sigma() const = 0;

    // One solver step: model_output = the transformer's epsilon [B,4,h,w] (float32) at `timestep`
    // for `sample`; returns the sample of the next timestep (same shape, dtype and device).
    virtual torch::Tensor step(const torch::Tensor& model_output, std::int64_t timestep,
                               const torch::Tensor& sample) = 0;

    // The clean-image prediction x0 of the last step (live previews); undefined before a step.
    virtual const torch::Tensor& predicted_original_sample() const = 0;

    // The name make_scheduler knows it by ("dpm++2m").
    virtual std::string name() const = 0;

    // Stochastic samplers (SDE, ancestral) draw fresh noise inside step(), from the generation's
    // generator, as diffusers does: the pipeline gives them a source that returns one draw of
    // the sample's shape (float32, on the sample's device). Deterministic samplers ignore it.
    using NoiseSource = std::function<torch::Tensor()>;

    // What the transformer sees at step i: timesteps()[i] as int64 for most samplers; Euler's
    // fractional float32 timesteps for the Euler family.
    virtual torch::Tensor model_timestep(std::size_t i) const {
        return torch::tensor(timesteps().at(i), torch::kInt64);
    }
    // The transformer's input at step i (the CFG-doubled latents): unchanged for most samplers,
    // divided by sqrt(sigma_i^2 + 1) for the Euler family (diffusers' scale_model_input).
    virtual torch::Tensor scale_model_input(const torch::Tensor& sample, std::size_t i) const {
        (void)i;
        return sample;
    }
    virtual void set_noise_source(NoiseSource source) { (void)source; }
    virtual bool draws_noise() const { return false; }

    // Image-to-image starts the schedule part-way (diffusers' set_begin_index): the first step()
    // is step `index` of timesteps(), multistep solvers warm up from there, and add_noise noises
    // to that step's level. Call after set_timesteps; -1 (the default) = from the timestep.
    void set_begin_index(std::int64_t index) { begin_index_ = index; }
    std::int64_t begin_index() const { return begin_index_; }

    // diffusers' add_noise at the begin index (0 when none is set): clean latents `original`
    // noised with unit-variance `noise` to the level the first step expects.
    virtual torch::Tensor add_noise(const torch::Tensor& original,
                                    const torch::Tensor& noise) const = 0;

  protected:
    // What every step() checks first: set_timesteps() was called, model output and sample are
    // tensors of one shape. Throws pixart::Error(InvalidArgument).
    void check_step_inputs(const torch::Tensor& model_output, const torch::Tensor& sample) const;
    // A step index past the schedule: step() called once too often.
    void check_step_index(std::int64_t index) const;
    // add_noise() before set_timesteps().
    void check_add_noise() const;
    // The step index of the first step(): the begin index, or where `timestep` is in the
    // schedule (the second match of a repeated one, as diffusers).
    std::int64_t first_step_index(std::int64_t timestep) const;
    // begin_index(), or 0.
    std::int64_t start_index() const { return begin_index_ >= 0 ? begin_index_ : 0; }

  private:
    std::int64_t begin_index_ = -1;
};

// A scheduler by name (one of scheduler_names()) over the model's scheduler config. Throws
// pixart::Error(InvalidArgument) naming the valid names for an unknown name.
std::unique_ptr<Scheduler> make_scheduler(const std::string& name, const SchedulerConfig& config);

// The names make_scheduler accepts, the default first.
std::vector<std::string> scheduler_names();

}  // namespace pixart
