#include "schedulers/dpm_solver_multistep.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "api/errors.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

using pixart::DPMSolverMultistepScheduler;
using pixart::Error;
using pixart::ErrorKind;
using pixart::SchedulerConfig;
using pixart::test::golden_tensor;

namespace {

const char* kGolden = "scheduler.safetensors";

torch::Tensor as_tensor(const std::vector<std::int64_t>& v) {
    return torch::tensor(v, torch::kInt64);
}

// The solver test model of the golden: eps = 0.9*x + 0.1*tanh(2x)*(t/1000), in Python's
// evaluation order.
torch::Tensor toy_model(const torch::Tensor& x, std::int64_t t) {
    return 0.9 * x + 0.1 * torch::tanh(2.0 * x) * (static_cast<double>(t) / 1000.0);
}

ErrorKind kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::Internal;  // nothing thrown
}

}  // namespace

TEST(DPMSolverMultistep, TrainingScheduleMatchesDiffusersExactly) {
    PIXART_REQUIRE_SHARED();
    DPMSolverMultistepScheduler scheduler{SchedulerConfig{}};
    EXPECT_TENSOR_EQ(scheduler.betas(), golden_tensor(kGolden, "betas"));
    EXPECT_TENSOR_EQ(scheduler.alphas_cumprod(), golden_tensor(kGolden, "alphas_cumprod"));
}

TEST(DPMSolverMultistep, TimestepsAndSigmasMatchDiffusersExactly) {
    PIXART_REQUIRE_SHARED();
    DPMSolverMultistepScheduler scheduler{SchedulerConfig{}};
    for (int n : {1, 2, 5, 10, 14, 20, 25, 50}) {
        SCOPED_TRACE("N = " + std::to_string(n));
        scheduler.set_timesteps(n);
        ASSERT_EQ(scheduler.timesteps().size(), static_cast<std::size_t>(n));
        EXPECT_TENSOR_EQ(as_tensor(scheduler.timesteps()),
                         golden_tensor(kGolden, "timesteps." + std::to_string(n)));
        EXPECT_TENSOR_EQ(scheduler.sigmas(), golden_tensor(kGolden, "sigmas." + std::to_string(n)));
    }
    EXPECT_DOUBLE_EQ(scheduler.init_noise_sigma(), 1.0);
}

class DPMSolverLoop : public ::testing::TestWithParam<int> {};

// Each step fed diffusers' own inputs: isolates the per-step arithmetic (the 2M history is the one
// the solver built from the same golden inputs).
TEST_P(DPMSolverLoop, TeacherForcedStepsMatchDiffusers) {
    PIXART_REQUIRE_SHARED();
    const int n = GetParam();
    const std::string prefix = "loop" + std::to_string(n) + ".";
    const torch::Tensor init = golden_tensor(kGolden, prefix + "sample_init");
    const torch::Tensor model_outputs = golden_tensor(kGolden, prefix + "model_output");
    const torch::Tensor samples = golden_tensor(kGolden, prefix + "sample");

    DPMSolverMultistepScheduler scheduler{SchedulerConfig{}};
    scheduler.set_timesteps(n);
    for (int i = 0; i < n; ++i) {
        SCOPED_TRACE("step " + std::to_string(i));
        const torch::Tensor x = i == 0 ? init : samples[i - 1];
        const torch::Tensor out =
            scheduler.step(model_outputs[i], scheduler.timesteps()[static_cast<std::size_t>(i)], x);
        EXPECT_CLOSE_REL(out, samples[i], 1e-6);
        EXPECT_EQ(out.scalar_type(), torch::kFloat32);
    }
    // The last step lands on sigma = 0 and returns the clean-image prediction itself.
    EXPECT_TENSOR_EQ(scheduler.predicted_original_sample(), samples[n - 1]);
}

// The whole loop on our own: errors would compound over the steps.
TEST_P(DPMSolverLoop, FreeRunningLoopMatchesDiffusers) {
    PIXART_REQUIRE_SHARED();
    const int n = GetParam();
    const std::string prefix = "loop" + std::to_string(n) + ".";
    const torch::Tensor model_outputs = golden_tensor(kGolden, prefix + "model_output");
    const torch::Tensor samples = golden_tensor(kGolden, prefix + "sample");

    DPMSolverMultistepScheduler scheduler{SchedulerConfig{}};
    scheduler.set_timesteps(n);
    torch::Tensor x = golden_tensor(kGolden, prefix + "sample_init");
    int i = 0;
    for (const std::int64_t t : scheduler.timesteps()) {
        SCOPED_TRACE("step " + std::to_string(i));
        const torch::Tensor eps = toy_model(x, t);
        EXPECT_CLOSE_REL(eps, model_outputs[i], 1e-5);
        x = scheduler.step(eps, t, x);
        EXPECT_CLOSE_REL(x, samples[i], 1e-5);
        ++i;
    }
}

INSTANTIATE_TEST_SUITE_P(Golden, DPMSolverLoop, ::testing::Values(20, 14, 5, 1));

TEST(DPMSolverMultistep, SetTimestepsResetsTheSolver) {
    PIXART_REQUIRE_SHARED();
    const torch::Tensor init = golden_tensor(kGolden, "loop5.sample_init");
    const torch::Tensor model_outputs = golden_tensor(kGolden, "loop5.model_output");
    DPMSolverMultistepScheduler scheduler{SchedulerConfig{}};
    scheduler.set_timesteps(3);
    scheduler.step(model_outputs[0], scheduler.timesteps()[0], init);
    scheduler.step(model_outputs[1], scheduler.timesteps()[1], init);  // a half-finished run
    scheduler.set_timesteps(5);
    torch::Tensor x = init;
    for (const std::int64_t t : scheduler.timesteps()) x = scheduler.step(toy_model(x, t), t, x);
    EXPECT_CLOSE_REL(x, golden_tensor(kGolden, "loop5.sample")[4], 1e-5);
}

// ---- unit tests (no ../shared) ----

TEST(DPMSolverMultistepUnit, InvalidStepCountsAreRejected) {
    DPMSolverMultistepScheduler scheduler{SchedulerConfig{}};
    EXPECT_EQ(kind_of([&] { scheduler.set_timesteps(0); }), ErrorKind::InvalidArgument);
    EXPECT_EQ(kind_of([&] { scheduler.set_timesteps(-3); }), ErrorKind::InvalidArgument);
}

TEST(DPMSolverMultistepUnit, MisuseOfStepIsRejected) {
    DPMSolverMultistepScheduler scheduler{SchedulerConfig{}};
    const torch::Tensor x = torch::randn({1, 4, 2, 2});
    EXPECT_EQ(kind_of([&] { scheduler.step(x, 999, x); }),
              ErrorKind::InvalidArgument);  // no set_timesteps
    scheduler.set_timesteps(2);
    EXPECT_EQ(kind_of([&] {
                  scheduler.step(torch::randn({1, 4, 2, 3}), 999, x);
              }),
              ErrorKind::InvalidArgument);
    scheduler.step(x, scheduler.timesteps()[0], x);
    scheduler.step(x, scheduler.timesteps()[1], x);
    EXPECT_EQ(kind_of([&] { scheduler.step(x, 0, x); }),
              ErrorKind::InvalidArgument);  // past the end
}

TEST(DPMSolverMultistepUnit, UnsupportedConfigsAreRejected) {
    auto kind_for = [](auto change) {
        SchedulerConfig c;
        change(c);
        return kind_of([&] { DPMSolverMultistepScheduler s{c}; });
    };
    EXPECT_EQ(kind_for([](SchedulerConfig& c) { c.solver_order = 3; }), ErrorKind::Unsupported);
    EXPECT_EQ(kind_for([](SchedulerConfig& c) { c.algorithm_type = "sde-dpmsolver"; }),
              ErrorKind::Unsupported);
    EXPECT_EQ(kind_for([](SchedulerConfig& c) { c.use_lu_lambdas = true; }),
              ErrorKind::Unsupported);
    EXPECT_EQ(kind_for([](SchedulerConfig& c) { c.timestep_spacing = "karras"; }),
              ErrorKind::Unsupported);
    EXPECT_EQ(kind_for([](SchedulerConfig& c) { c.final_sigmas_type = "one"; }),
              ErrorKind::Unsupported);
}

TEST(DPMSolverMultistepUnit, LeadingAndTrailingSpacingFollowDiffusers) {
    SchedulerConfig leading;
    leading.timestep_spacing = "leading";
    leading.steps_offset = 1;
    DPMSolverMultistepScheduler a{leading};
    a.set_timesteps(10);  // step_ratio = 1000 // 11 = 90
    EXPECT_EQ(a.timesteps(),
              (std::vector<std::int64_t>{901, 811, 721, 631, 541, 451, 361, 271, 181, 91}));

    SchedulerConfig trailing;
    trailing.timestep_spacing = "trailing";
    DPMSolverMultistepScheduler b{trailing};
    b.set_timesteps(10);  // arange(1000, 0, -100) - 1
    EXPECT_EQ(b.timesteps(),
              (std::vector<std::int64_t>{999, 899, 799, 699, 599, 499, 399, 299, 199, 99}));
    b.set_timesteps(3);  // 1000, 666.67, 333.33 -> rounded - 1
    EXPECT_EQ(b.timesteps(), (std::vector<std::int64_t>{999, 666, 332}));
    // Every sigma is the training sigma of its timestep.
    const torch::Tensor table = ((1 - b.alphas_cumprod()) / b.alphas_cumprod()).sqrt();
    EXPECT_EQ(b.sigmas()[1].item<float>(), table[666].item<float>());
}

TEST(DPMSolverMultistepUnit, SigmaMinEndsOnTheSmallestTrainingSigma) {
    SchedulerConfig c;
    c.final_sigmas_type = "sigma_min";
    DPMSolverMultistepScheduler scheduler{c};
    scheduler.set_timesteps(20);
    const torch::Tensor acp0 = scheduler.alphas_cumprod()[0];
    EXPECT_EQ(scheduler.sigmas()[20].item<float>(), ((1 - acp0) / acp0).sqrt().item<float>());
    // With a non-zero final sigma the last step is an ordinary (non-x0) update.
    torch::Tensor x = torch::randn({1, 4, 3, 3}, torch::TensorOptions().dtype(torch::kFloat32));
    for (const std::int64_t t : scheduler.timesteps()) x = scheduler.step(toy_model(x, t), t, x);
    EXPECT_FALSE(torch::equal(x, scheduler.predicted_original_sample()));
    EXPECT_TRUE(torch::isfinite(x).all().item<bool>());
}

TEST(DPMSolverMultistepUnit, FirstOrderIsTheDdimUpdate) {
    auto first = pixart::make_scheduler("dpm++1", SchedulerConfig{});
    auto second = pixart::make_scheduler("dpm++2m", SchedulerConfig{});
    EXPECT_EQ(first->name(), "dpm++1");
    EXPECT_EQ(second->name(), "dpm++2m");
    first->set_timesteps(4);
    second->set_timesteps(4);
    auto* dpm = dynamic_cast<DPMSolverMultistepScheduler*>(first.get());
    ASSERT_NE(dpm, nullptr);

    torch::manual_seed(0);
    torch::Tensor x = torch::randn({1, 4, 4, 4});
    torch::Tensor y = x;
    for (std::size_t i = 0; i < 4; ++i) {
        const std::int64_t t = first->timesteps()[i];
        const torch::Tensor eps = toy_model(x, t);
        // DDIM (eta = 0) in float64: x_prev = alpha_prev * x0 + sigma_prev * eps, alpha =
        // 1/sqrt(s^2+1).
        const double s = dpm->sigmas()[static_cast<std::int64_t>(i)].item<double>();
        const double s_prev = dpm->sigmas()[static_cast<std::int64_t>(i) + 1].item<double>();
        const double a = 1.0 / std::sqrt(s * s + 1.0),
                     a_prev = 1.0 / std::sqrt(s_prev * s_prev + 1.0);
        const torch::Tensor x64 = x.to(torch::kFloat64), eps64 = eps.to(torch::kFloat64);
        const torch::Tensor x0 = (x64 - s * a * eps64) / a;
        const torch::Tensor expected = a_prev * x0 + s_prev * a_prev * eps64;

        const torch::Tensor out = first->step(eps, t, x);
        EXPECT_CLOSE_REL(out, expected, 1e-5);
        const torch::Tensor out2 = second->step(toy_model(y, t), t, y);
        if (i == 0) {
            EXPECT_TENSOR_EQ(out, out2);  // 2M starts with a first-order step
        } else if (i == 1) {
            EXPECT_FALSE(torch::equal(out, out2));
        }
        x = out;
        y = out2;
    }
}

TEST(DPMSolverMultistepUnit, UnknownNamesListTheValidOnes) {
    const auto names = pixart::scheduler_names();
    ASSERT_FALSE(names.empty());
    EXPECT_EQ(names.front(), "dpm++2m");
    try {
        pixart::make_scheduler("euler-a", SchedulerConfig{});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("euler-a"), std::string::npos);
        for (const auto& n : names)
            EXPECT_NE(std::string(e.what()).find(n), std::string::npos) << n;
    }
}
