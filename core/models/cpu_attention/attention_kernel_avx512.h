// The attention kernel (attention_kernel.h) in AVX-512 registers: score tiles of 6 query rows ×
// 64 keys, value tiles of up to 6 rows × the whole head. Use through attend_rows.
#pragma once

#include "models/cpu_attention/attention_kernel.h"

namespace pixart::cpu_attention {

// AVX-512 F and VL, with the OS saving the registers.
bool avx512_kernel_available();

// Requires avx512_kernel_available() and a supported head size.
void attend_rows_avx512(const AttentionRows& job);

}  // namespace pixart::cpu_attention
