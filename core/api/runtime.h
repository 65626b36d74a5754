// Facts about the running libtorch build, for `--version`, the studio's About box and warnings.
#pragma once

#include <string>

namespace pixart {

struct RuntimeInfo {
    std::string pixart_version;
    std::string torch_version;
    std::string blas_library;  // resolved path of the BLAS libtorch uses ("" when unknown)
    bool reference_blas = false;  // netlib's reference BLAS: ~35x slower matmuls
    bool cuda_available = false;
    int threads = 1;  // intra-op threads in use
};

RuntimeInfo runtime_info();

// Sets libtorch's intra-op thread count (0 = all cores; torch defaults to 1 on some VMs).
void set_thread_count(int threads);

// A warning line when libtorch runs on the reference BLAS, else "".
std::string blas_warning();

}  // namespace pixart
