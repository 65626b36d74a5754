// The samplers beyond the default, against diffusers' own runs (samplers.safetensors: every
// case's timesteps, sigmas, and the model output and latents of every step, read from a whole
// pipeline run on the tiny model). Teacher-forced: each step starts from diffusers' latents of
// the step before, so an error cannot hide behind another; free-running: the whole loop from
// the initial latents with diffusers' model outputs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/errors.h"
#include "config/scheduler_config.h"
#include "schedulers/deis_multistep.h"
#include "schedulers/dpm_solver_multistep.h"
#include "schedulers/euler_discrete.h"
#include "schedulers/sa_solver.h"
#include "schedulers/scheduler.h"
#include "schedulers/unipc_multistep.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace {

using pixart::test::golden_tensor;

const char* kGolden = "samplers.safetensors";

struct Case {
    const char* golden_name;  // case name in samplers.json
    const char* sampler;      // our name for it
    int steps;
};

// The real PixArt-Sigma scheduler config, as the goldens were made with.
pixart::SchedulerConfig real_config() {
    return pixart::SchedulerConfig::from_file(pixart::test::shared_dir() +
                                              "/models/configs/scheduler_config.json");
}

void check_case(const Case& c) {
    SCOPED_TRACE(c.golden_name);
    const std::string key = c.golden_name;
    auto scheduler = pixart::make_scheduler(c.sampler, real_config());
    scheduler->set_timesteps(c.steps);
    std::vector<torch::Tensor> model_timesteps;
    for (std::size_t i = 0; i < scheduler->timesteps().size(); ++i)
        model_timesteps.push_back(scheduler->model_timestep(i));
    EXPECT_TENSOR_EQ(torch::stack(model_timesteps), golden_tensor(kGolden, key + ".timesteps"));
    if (auto* euler = dynamic_cast<pixart::EulerDiscreteScheduler*>(scheduler.get())) {
        EXPECT_TENSOR_EQ(euler->sigmas(), golden_tensor(kGolden, key + ".sigmas"));
        // The initial latents are the first draw times the largest sigma.
        const torch::Tensor first = golden_tensor(kGolden, key + ".rng_draws")[0];
        EXPECT_TENSOR_EQ(first * euler->init_noise_sigma(),
                         golden_tensor(kGolden, key + ".init_latents"));
    }
    if (auto* dpm = dynamic_cast<pixart::DPMSolverMultistepScheduler*>(scheduler.get())) {
        EXPECT_TENSOR_EQ(dpm->sigmas(), golden_tensor(kGolden, key + ".sigmas"));
    }
    if (auto* deis = dynamic_cast<pixart::DEISMultistepScheduler*>(scheduler.get())) {
        EXPECT_TENSOR_EQ(deis->sigmas(), golden_tensor(kGolden, key + ".sigmas"));
    }
    if (auto* unipc = dynamic_cast<pixart::UniPCMultistepScheduler*>(scheduler.get())) {
        EXPECT_TENSOR_EQ(unipc->sigmas(), golden_tensor(kGolden, key + ".sigmas"));
    }
    if (auto* sa = dynamic_cast<pixart::SASolverScheduler*>(scheduler.get())) {
        EXPECT_TENSOR_EQ(sa->sigmas(), golden_tensor(kGolden, key + ".sigmas"));
    }

    // Stochastic samplers get diffusers' own draws: [0] was the initial noise, then one a step.
    const torch::Tensor draws = golden_tensor(kGolden, key + ".rng_draws");
    std::int64_t next_draw = 1;
    scheduler->set_noise_source([&] { return draws[next_draw++]; });
    const torch::Tensor init = golden_tensor(kGolden, key + ".init_latents");
    const torch::Tensor outputs = golden_tensor(kGolden, key + ".model_output");
    const torch::Tensor expected = golden_tensor(kGolden, key + ".step_latents");
    const auto& timesteps = scheduler->timesteps();
    ASSERT_EQ(outputs.size(0), static_cast<std::int64_t>(timesteps.size()));

    // Teacher-forced.
    for (std::size_t i = 0; i < timesteps.size(); ++i) {
        SCOPED_TRACE("step " + std::to_string(i));
        const auto index = static_cast<std::int64_t>(i);
        const torch::Tensor before = i == 0 ? init : expected[index - 1];
        const torch::Tensor after = scheduler->step(outputs[index], timesteps[i], before);
        EXPECT_CLOSE_REL(after, expected[index], 1e-6);
    }
    if (scheduler->draws_noise()) {
        EXPECT_EQ(next_draw, draws.size(0));  // every draw used, in order
    } else {
        EXPECT_EQ(next_draw, 1);
    }
    // Free-running.
    next_draw = 1;
    scheduler->set_timesteps(c.steps);
    torch::Tensor latents = init;
    for (std::size_t i = 0; i < timesteps.size(); ++i)
        latents = scheduler->step(outputs[static_cast<std::int64_t>(i)], timesteps[i], latents);
    EXPECT_CLOSE_REL(latents, golden_tensor(kGolden, key + ".final_latents"), 1e-5);
}

TEST(SamplerGoldens, DpmSolverPlusPlus2MKarras) {
    PIXART_REQUIRE_SHARED();
    check_case({"dpmpp_karras.cfg", "dpm++2m_karras", 16});
    check_case({"dpmpp_karras.nocfg", "dpm++2m_karras", 3});
}

TEST(SamplerGoldens, DpmSolverPlusPlus2MSde) {
    PIXART_REQUIRE_SHARED();
    check_case({"dpmpp_sde.cfg", "dpm++2m_sde", 10});
    check_case({"dpmpp_sde.nocfg", "dpm++2m_sde", 3});
}

TEST(SamplerGoldens, Euler) {
    PIXART_REQUIRE_SHARED();
    check_case({"euler.cfg", "euler", 12});
    check_case({"euler.nocfg", "euler", 3});
}

TEST(SamplerGoldens, EulerAncestral) {
    PIXART_REQUIRE_SHARED();
    check_case({"euler_ancestral.cfg", "euler_a", 10});
    check_case({"euler_ancestral.nocfg", "euler_a", 4});
}

TEST(SamplerGoldens, Ddim) {
    PIXART_REQUIRE_SHARED();
    check_case({"ddim.cfg", "ddim", 10});
    check_case({"ddim.nocfg", "ddim", 3});
}

TEST(SamplerGoldens, Deis) {
    PIXART_REQUIRE_SHARED();
    check_case({"deis.cfg", "deis", 8});
    check_case({"deis.nocfg", "deis", 4});
}

TEST(SamplerGoldens, UniPC) {
    PIXART_REQUIRE_SHARED();
    check_case({"unipc.cfg", "unipc", 14});
    check_case({"unipc.nocfg", "unipc", 3});
}

TEST(SamplerGoldens, SASolver) {
    PIXART_REQUIRE_SHARED();
    // 12 steps cross tau's [200, 800] window both ways: ODE, SDE and ODE steps in one run.
    check_case({"sasolver.cfg", "sa_solver", 12});
    check_case({"sasolver.nocfg", "sa_solver", 4});
}

TEST(SamplerGoldens, SASolverTauWindowAndMisuse) {
    EXPECT_EQ(pixart::SASolverScheduler::tau_at(999), 0);
    EXPECT_EQ(pixart::SASolverScheduler::tau_at(801), 0);
    EXPECT_EQ(pixart::SASolverScheduler::tau_at(800), 1);
    EXPECT_EQ(pixart::SASolverScheduler::tau_at(200), 1);
    EXPECT_EQ(pixart::SASolverScheduler::tau_at(199), 0);
    auto sa = pixart::make_scheduler("sa_solver", pixart::SchedulerConfig{});
    EXPECT_TRUE(sa->draws_noise());
    sa->set_timesteps(3);
    const torch::Tensor x = torch::zeros({1, 4, 2, 2});
    EXPECT_THROW(sa->step(x, 999, x), pixart::Error);  // no noise source
    int draws = 0;
    sa->set_noise_source([&] {
        ++draws;
        return torch::zeros({1, 4, 2, 2});
    });
    for (std::int64_t t : sa->timesteps()) EXPECT_NO_THROW(sa->step(x, t, x));
    EXPECT_EQ(draws, 3);  // one draw a step, the last one too
    EXPECT_THROW(sa->step(x, 0, x), pixart::Error);
}

TEST(SamplerGoldens, DdimStepCountsAndMisuse) {
    auto ddim = pixart::make_scheduler("ddim", pixart::SchedulerConfig{});
    EXPECT_THROW(ddim->set_timesteps(0), pixart::Error);
    EXPECT_THROW(ddim->set_timesteps(1001), pixart::Error);
    const torch::Tensor x = torch::zeros({1, 4, 2, 2});
    EXPECT_THROW(ddim->step(x, 999, x), pixart::Error);  // before set_timesteps
    ddim->set_timesteps(1);
    EXPECT_EQ(ddim->timesteps(), std::vector<std::int64_t>{0});
    EXPECT_THROW(ddim->step(x, 1000, x), pixart::Error);
    EXPECT_THROW(ddim->step(x, 0, torch::zeros({1, 4, 2, 3})), pixart::Error);
    // One step from t = 0 lands on alpha = 1: the clamped x0 itself.
    const torch::Tensor big = torch::full({1, 4, 2, 2}, 5.0f);
    EXPECT_TRUE(torch::equal(ddim->step(torch::zeros_like(big), 0, big), torch::ones_like(big)));
}

TEST(SamplerGoldens, KarrasTimestepsForOtherStepCounts) {
    // Karras timesteps are the ramp's sigmas mapped back onto the table: decreasing from 999 to
    // 0, repeats allowed at the low end, the sigmas strictly decreasing to the final 0.
    for (int n : {1, 2, 5, 20, 50}) {
        SCOPED_TRACE("N = " + std::to_string(n));
        pixart::SchedulerConfig config;
        config.use_karras_sigmas = true;
        pixart::DPMSolverMultistepScheduler scheduler(config, "dpm++2m_karras");
        scheduler.set_timesteps(n);
        ASSERT_EQ(scheduler.timesteps().size(), static_cast<std::size_t>(n));
        EXPECT_EQ(scheduler.timesteps().front(), 999);
        if (n > 1) {
            EXPECT_EQ(scheduler.timesteps().back(), 0);
        }
        for (std::size_t i = 1; i < scheduler.timesteps().size(); ++i)
            EXPECT_LE(scheduler.timesteps()[i], scheduler.timesteps()[i - 1]);
        const auto sigmas = scheduler.sigmas();
        EXPECT_EQ(sigmas.size(0), n + 1);
        EXPECT_EQ(sigmas[n].item<float>(), 0.0f);
        for (int i = 1; i < n; ++i) EXPECT_LT(sigmas[i].item<float>(), sigmas[i - 1].item<float>());
    }
}

}  // namespace
