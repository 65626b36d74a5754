// The attention kernel (attention_kernel.h) in AVX2 + FMA registers (16 of 8 floats): score
// tiles of 6 query rows × 16 keys, value tiles of 6 rows × 16 head columns — the shape of
// OpenBLAS's Haswell SGEMM kernel. Use through attend_rows.
#pragma once

#include "models/cpu_attention/attention_kernel.h"

namespace pixart::cpu_attention {

// AVX2 and FMA, with the OS saving the registers.
bool avx2_kernel_available();

// Requires avx2_kernel_available() and a supported head size.
void attend_rows_avx2(const AttentionRows& job);

}  // namespace pixart::cpu_attention
