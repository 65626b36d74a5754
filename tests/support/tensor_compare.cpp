#include "support/tensor_compare.h"

#include <map>
#include <mutex>
#include <sstream>

#include "support/shared_data.h"

namespace pixart::test {

namespace {
std::string shape_of(const torch::Tensor& t) {
    std::ostringstream out;
    out << t.sizes();
    return out.str();
}
}  // namespace

double relative_l2(const torch::Tensor& actual, const torch::Tensor& expected) {
    auto a = actual.to(torch::kFloat64);
    auto e = expected.to(torch::kFloat64);
    const double denominator = e.norm().item<double>();
    const double numerator = (a - e).norm().item<double>();
    return denominator == 0.0 ? numerator : numerator / denominator;
}

double max_abs_diff(const torch::Tensor& actual, const torch::Tensor& expected) {
    return (actual.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
}

::testing::AssertionResult close_relative(const torch::Tensor& actual, const torch::Tensor& expected,
                                          double tolerance) {
    if (!actual.defined() || !expected.defined()) return ::testing::AssertionFailure() << "undefined tensor";
    if (actual.sizes() != expected.sizes()) {
        return ::testing::AssertionFailure() << "shape " << shape_of(actual) << " != expected " << shape_of(expected);
    }
    const double rel = relative_l2(actual, expected);
    const double abs = max_abs_diff(actual, expected);
    if (!(rel <= tolerance)) {
        return ::testing::AssertionFailure() << "relative L2 error " << rel << " > " << tolerance
                                             << " (max abs diff " << abs << ")";
    }
    return ::testing::AssertionSuccess() << "relative L2 error " << rel << " (max abs " << abs << ")";
}

::testing::AssertionResult equal_exactly(const torch::Tensor& actual, const torch::Tensor& expected) {
    if (actual.sizes() != expected.sizes()) {
        return ::testing::AssertionFailure() << "shape " << shape_of(actual) << " != expected " << shape_of(expected);
    }
    if (!torch::equal(actual.to(expected.scalar_type()), expected)) {
        const auto mismatches = (actual.to(expected.scalar_type()) != expected).sum().item<int64_t>();
        return ::testing::AssertionFailure() << mismatches << " of " << expected.numel() << " elements differ";
    }
    return ::testing::AssertionSuccess();
}

const TensorMap& golden(const std::string& file) {
    static std::mutex mutex;
    static std::map<std::string, TensorMap> cache;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(file);
    if (it == cache.end()) it = cache.emplace(file, read_all_tensors(golden_path(file))).first;
    return it->second;
}

torch::Tensor golden_tensor(const std::string& file, const std::string& name) {
    const auto& tensors = golden(file);
    auto it = tensors.find(name);
    if (it == tensors.end()) throw std::runtime_error(file + " has no tensor " + name);
    return it->second;
}

}  // namespace pixart::test
