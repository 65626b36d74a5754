#include "benchmark_support.h"

#include <algorithm>

#include "models/torch_compat.h"

namespace pixart::benchmark {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void synchronize(const torch::Device& device) { compat::synchronize(device); }

double median(std::vector<double> values) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double matmul_gflops(const torch::Device& device, torch::ScalarType dtype) {
    torch::NoGradGuard no_grad;
    const int64_t n = 2048;
    auto options = torch::TensorOptions().device(device).dtype(dtype);
    auto a = torch::randn({n, n}, options), b = torch::randn({n, n}, options);
    auto c = torch::matmul(a, b);  // warm-up
    synchronize(device);
    double best = 1e30;
    for (int i = 0; i < 5; ++i) {
        const auto start = std::chrono::steady_clock::now();
        c = torch::matmul(a, b);
        synchronize(device);
        best = std::min(best, seconds_since(start));
    }
    return 2.0 * n * n * n / best / 1e9;
}

}  // namespace pixart::benchmark
