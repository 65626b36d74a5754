// Facts about the running libtorch build, for `--version`, the studio's About box and warnings.
#pragma once

#include <string>

namespace pixart {

struct RuntimeInfo {
    std::string pixart_version;
    std::string torch_version;
    std::string blas_library;     // resolved path of the BLAS libtorch uses ("" when unknown)
    bool reference_blas = false;  // netlib's reference BLAS: ~35x slower matmuls
    bool cuda_available = false;
    int threads = 1;       // intra-op threads in use
    int blas_threads = 0;  // OpenBLAS's own thread count (0 = not OpenBLAS / unknown)
    int usable_cores = 1;  // CPUs this process may run on (affinity mask and cgroup CPU quota)
};

RuntimeInfo runtime_info();

// Sets libtorch's intra-op thread count (0 = usable_cores(); torch defaults to 1 on some VMs).
// OpenBLAS's OpenMP flavour takes its thread count from the same OpenMP setting, so BLAS calls
// (made outside torch's parallel regions) use these threads and nothing is oversubscribed.
void set_thread_count(int threads);

// CPUs this process can actually use: the affinity mask (taskset, cpusets), capped by a cgroup CPU
// quota (containers), so a 2-CPU container on a 64-core host gets 2 threads, not 64.
int usable_cores();

// A warning line when libtorch runs on the reference BLAS, else "".
std::string blas_warning();

}  // namespace pixart
