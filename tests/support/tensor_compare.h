// Comparing tensors with the diffusers goldens at stated tolerances.
#pragma once

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>

#include "loading/tensor_loading.h"

namespace pixart::test {

// ||actual - expected||_2 / ||expected||_2, in float64.
double relative_l2(const torch::Tensor& actual, const torch::Tensor& expected);
double max_abs_diff(const torch::Tensor& actual, const torch::Tensor& expected);

// gtest assertion: shapes equal and relative L2 error <= tolerance; the message gives both errors.
::testing::AssertionResult close_relative(const torch::Tensor& actual, const torch::Tensor& expected,
                                          double tolerance);
// Exact equality (ids, masks, bit-exact noise).
::testing::AssertionResult equal_exactly(const torch::Tensor& actual, const torch::Tensor& expected);

// A golden file, loaded once per process and cached (they are read by many tests).
const TensorMap& golden(const std::string& file);
torch::Tensor golden_tensor(const std::string& file, const std::string& name);

}  // namespace pixart::test

#define EXPECT_CLOSE_REL(actual, expected, tol) \
    EXPECT_TRUE(::pixart::test::close_relative((actual), (expected), (tol)))
#define EXPECT_TENSOR_EQ(actual, expected) EXPECT_TRUE(::pixart::test::equal_exactly((actual), (expected)))
