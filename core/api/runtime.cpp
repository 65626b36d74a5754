#include "api/runtime.h"

#include <dlfcn.h>
#include <link.h>
#include <sched.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <climits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <thread>

namespace pixart {
namespace {

int find_blas(struct dl_phdr_info* info, size_t, void* data) {
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    if (name.find("libblas.so") != std::string::npos ||
        name.find("libopenblas") != std::string::npos) {
        char resolved[PATH_MAX];
        *static_cast<std::string*>(data) = realpath(name.c_str(), resolved) ? resolved : name;
        return 1;
    }
    return 0;
}

// The cgroup CPU quota in CPUs (v2 cpu.max "quota period", v1 cfs files); 0 = no quota.
double cgroup_cpu_quota() {
    std::ifstream v2("/sys/fs/cgroup/cpu.max");
    std::string quota;
    double period = 0;
    if (v2 >> quota >> period && quota != "max" && period > 0) return std::stod(quota) / period;
    std::ifstream v1_quota("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
    std::ifstream v1_period("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
    double q = 0;
    if (v1_quota >> q && v1_period >> period && q > 0 && period > 0) return q / period;
    return 0.0;
}

// OpenBLAS's thread count, when libtorch's BLAS is OpenBLAS (looked up, never linked).
int openblas_threads() {
    using GetThreads = int (*)();
    auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    return get != nullptr ? get() : 0;
}

}  // namespace

int usable_cores() {
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) cores = std::max(1, CPU_COUNT(&set));
    const double quota = cgroup_cpu_quota();
    if (quota > 0) cores = std::min(cores, std::max(1, static_cast<int>(std::ceil(quota))));
    return cores;
}

RuntimeInfo runtime_info() {
    RuntimeInfo info;
    info.pixart_version = PIXART_VERSION;
    info.torch_version = std::to_string(TORCH_VERSION_MAJOR) + "." +
                         std::to_string(TORCH_VERSION_MINOR) + "." +
                         std::to_string(TORCH_VERSION_PATCH);
    dl_iterate_phdr(find_blas, &info.blas_library);
    // Debian's alternatives: /usr/lib/<triplet>/blas/libblas.so.3 is netlib's reference BLAS;
    // OpenBLAS lives under openblas-*/.
    info.reference_blas = !info.blas_library.empty() &&
                          info.blas_library.find("openblas") == std::string::npos &&
                          info.blas_library.find("/blas/") != std::string::npos;
    info.cuda_available = torch::cuda::is_available();
    info.threads = at::get_num_threads();
    info.blas_threads = openblas_threads();
    info.usable_cores = usable_cores();
    return info;
}

void set_thread_count(int threads) {
    if (threads <= 0) threads = usable_cores();
    at::set_num_threads(threads);
}

std::string blas_warning() {
    const auto info = runtime_info();
    if (!info.reference_blas) return "";
    return "warning: libtorch is using the reference BLAS (" + info.blas_library +
           "), about 35x slower; install libopenblas0-openmp";
}

}  // namespace pixart
