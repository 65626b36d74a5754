#include "api/runtime.h"

#include <link.h>
#include <torch/torch.h>

#include <climits>
#include <cstdlib>
#include <thread>

namespace pixart {
namespace {

int find_blas(struct dl_phdr_info* info, size_t, void* data) {
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    if (name.find("libblas.so") != std::string::npos || name.find("libopenblas") != std::string::npos) {
        char resolved[PATH_MAX];
        *static_cast<std::string*>(data) = realpath(name.c_str(), resolved) ? resolved : name;
        return 1;
    }
    return 0;
}

}  // namespace

RuntimeInfo runtime_info() {
    RuntimeInfo info;
    info.pixart_version = PIXART_VERSION;
    info.torch_version = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                         std::to_string(TORCH_VERSION_PATCH);
    dl_iterate_phdr(find_blas, &info.blas_library);
    // Debian's alternatives: /usr/lib/<triplet>/blas/libblas.so.3 is netlib's reference BLAS;
    // OpenBLAS lives under openblas-*/.
    info.reference_blas = !info.blas_library.empty() && info.blas_library.find("openblas") == std::string::npos &&
                          info.blas_library.find("/blas/") != std::string::npos;
    info.cuda_available = torch::cuda::is_available();
    info.threads = at::get_num_threads();
    return info;
}

void set_thread_count(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads);
}

std::string blas_warning() {
    const auto info = runtime_info();
    if (!info.reference_blas) return "";
    return "warning: libtorch is using the reference BLAS (" + info.blas_library +
           "), about 35x slower; install libopenblas0-openmp";
}

}  // namespace pixart
