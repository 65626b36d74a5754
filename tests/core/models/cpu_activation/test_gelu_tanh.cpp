// gelu_tanh_ (models/cpu_activation/gelu_tanh.h), with each kernel this CPU runs (AVX-512, AVX2),
// against the tanh GELU computed in double precision and against ATen's float torch::gelu:
// values across the range the feed-forward sees and far beyond it, lengths around the vector
// widths (the masked tails), NaN, and one and two threads.
#include "models/cpu_activation/gelu_tanh.h"

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

using pixart::cpu_activation::GeluKernel;

std::vector<GeluKernel> available_kernels() {
    std::vector<GeluKernel> kernels;
    for (const auto kernel : {GeluKernel::Avx512, GeluKernel::Avx2})
        if (pixart::cpu_activation::gelu_kernel_available(kernel)) kernels.push_back(kernel);
    return kernels;
}

const char* name(GeluKernel kernel) { return kernel == GeluKernel::Avx512 ? "AVX-512" : "AVX2"; }

// The function in double, as x / (1 + exp(−2u)): its form 0.5·x·(1 + tanh(u)) cancels to 0 in
// double too once tanh(u) rounds to −1 (x below about −7).
torch::Tensor exact(const torch::Tensor& x) {
    const auto d = x.to(torch::kFloat64);
    const auto u = std::sqrt(2.0 / M_PI) * (d + 0.044715 * d * d * d);
    return d / (1.0 + torch::exp(-2.0 * u));
}

}  // namespace

TEST(GeluTanh, WithinAFewUlpOfTheExactFunctionAndRoundingOfAtens) {
    if (available_kernels().empty()) GTEST_SKIP() << "this CPU has neither AVX-512 nor AVX2";
    at::set_num_threads(2);
    torch::manual_seed(3);
    // The feed-forward's range (|x| of a few), then far out on both sides, then exact zeros.
    const auto x = torch::cat(
        {torch::randn({100003}) * 3.0, torch::linspace(-40.0, 40.0, 8001), torch::zeros({5})});
    const auto reference = exact(x);
    const auto aten = torch::gelu(x, "tanh");
    for (const auto kernel : available_kernels()) {
        SCOPED_TRACE(name(kernel));
        auto got = x.clone();
        pixart::gelu_tanh_(kernel, got);
        // Relative to the exact value: a few ulp, plus what rounding u in float does to exp(−2u)
        // (each rounding of u is multiplied by |2u|: 1e-5 at x = −8; ATen's float is no closer),
        // with a floor for results that underflow.
        const auto d = x.to(torch::kFloat64);
        const auto two_u = 2.0 * std::sqrt(2.0 / M_PI) * (d + 0.044715 * d * d * d);
        const auto error = (got.to(torch::kFloat64) - reference).abs();
        const auto bound = reference.abs() * (4e-7 + 2.5e-7 * two_u.abs()) + 1e-30;
        const auto worst = (error / bound).argmax().item<int64_t>();
        EXPECT_TRUE((error <= bound).all().item<bool>())
            << "worst: x " << x[worst].item<float>() << " got " << got[worst].item<float>()
            << " exact " << reference[worst].item<double>();
        // ATen's float result cancels for x below about -3: there the difference is its
        // rounding, a few 1e-8·|x| (observed: ≤ 2e-7 of max(1, |x|)).
        EXPECT_LE(((got - aten).abs() / x.abs().clamp_min(1.0)).max().item<double>(), 5e-7);
    }
}

TEST(GeluTanh, EveryTailLengthAndNaN) {
    if (available_kernels().empty()) GTEST_SKIP() << "this CPU has neither AVX-512 nor AVX2";
    at::set_num_threads(1);
    for (const auto kernel : available_kernels()) {
        SCOPED_TRACE(name(kernel));
        for (std::int64_t length = 1; length <= 40; ++length) {
            const auto x = torch::randn({length}) * 2.0;
            auto got = x.clone();
            pixart::gelu_tanh_(kernel, got);
            EXPECT_TRUE(torch::allclose(got, torch::gelu(x, "tanh"), 1e-6, 1e-7)) << length;
        }
        auto with_nan = torch::tensor({1.0f, std::numeric_limits<float>::quiet_NaN(), -1.0f});
        pixart::gelu_tanh_(kernel, with_nan);
        EXPECT_TRUE(std::isnan(with_nan[1].item<float>()));
        EXPECT_NEAR(with_nan[0].item<float>(), 0.841192f, 1e-6);
        EXPECT_NEAR(with_nan[2].item<float>(), -0.158808f, 1e-6);
    }
}

TEST(GeluTanh, AppliesOnlyWhereItRuns) {
    const bool runs = !available_kernels().empty();
    EXPECT_EQ(pixart::gelu_tanh_applies(torch::zeros({4, 8})), runs);
    EXPECT_FALSE(pixart::gelu_tanh_applies(torch::zeros({4, 8}, torch::kFloat64)));
    EXPECT_FALSE(pixart::gelu_tanh_applies(torch::zeros({8, 4}).t()));  // not contiguous
    EXPECT_FALSE(pixart::gelu_tanh_applies(torch::Tensor()));
    for (const auto kernel : {GeluKernel::Avx512, GeluKernel::Avx2}) {
        auto x = torch::zeros({4});
        if (!pixart::cpu_activation::gelu_kernel_available(kernel)) {
            EXPECT_THROW(pixart::gelu_tanh_(kernel, x), std::logic_error);
        }
    }
}
