#include "models/cpu_activation/gelu_tanh_kernel.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define PIXART_GELU_KERNEL 1
#include <immintrin.h>

#include "models/cpu_attention/vector_exp.h"
#else
#define PIXART_GELU_KERNEL 0
#endif

namespace pixart::cpu_activation {

#if PIXART_GELU_KERNEL

namespace {

constexpr float kSqrt2OverPi = 0.7978845608028654f;
constexpr float kCubic = 0.044715f;

#pragma GCC push_options
#pragma GCC target("avx512f,avx512vl,avx2,fma")

inline __m512 gelu512(__m512 x) {
    const __m512 x2 = _mm512_mul_ps(x, x);
    // u = √(2/π)·(x + 0.044715·x³) = √(2/π)·x·(1 + 0.044715·x²); exp(−2u)
    const __m512 inner =
        _mm512_mul_ps(_mm512_mul_ps(x, _mm512_set1_ps(-2.0f * kSqrt2OverPi)),
                      _mm512_fmadd_ps(x2, _mm512_set1_ps(kCubic), _mm512_set1_ps(1.0f)));
    const __m512 e = cpu_vector::exp512(inner);
    return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), e));
}

void gelu_avx512(float* v, std::int64_t count) {
    std::int64_t i = 0;
    for (; i + 16 <= count; i += 16) _mm512_storeu_ps(v + i, gelu512(_mm512_loadu_ps(v + i)));
    if (i < count) {
        const __mmask16 tail = static_cast<__mmask16>((1u << (count - i)) - 1u);
        _mm512_mask_storeu_ps(v + i, tail, gelu512(_mm512_maskz_loadu_ps(tail, v + i)));
    }
}

#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("avx2,fma")

inline __m256 gelu256(__m256 x) {
    const __m256 x2 = _mm256_mul_ps(x, x);
    const __m256 inner =
        _mm256_mul_ps(_mm256_mul_ps(x, _mm256_set1_ps(-2.0f * kSqrt2OverPi)),
                      _mm256_fmadd_ps(x2, _mm256_set1_ps(kCubic), _mm256_set1_ps(1.0f)));
    const __m256 e = cpu_vector::exp256(inner);
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

void gelu_avx2(float* v, std::int64_t count) {
    std::int64_t i = 0;
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(v + i, gelu256(_mm256_loadu_ps(v + i)));
    if (i < count) {
        const __m256i tail = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count - i)),
                                                _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        _mm256_maskstore_ps(v + i, tail, gelu256(_mm256_maskload_ps(v + i, tail)));
    }
}

#pragma GCC pop_options

}  // namespace

bool gelu_kernel_available(GeluKernel kernel) {
    // libgcc's checks include the OS's XSAVE state for the registers.
    static const bool avx512 =
        __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return kernel == GeluKernel::Avx512 ? avx512 : avx2;
}

void gelu_tanh_in_place(GeluKernel kernel, float* values, std::int64_t count) {
    if (kernel == GeluKernel::Avx512)
        gelu_avx512(values, count);
    else
        gelu_avx2(values, count);
}

#else  // not x86-64 with GCC or Clang: never available, never called

bool gelu_kernel_available(GeluKernel) { return false; }
void gelu_tanh_in_place(GeluKernel, float*, std::int64_t) {}

#endif

std::optional<GeluKernel> best_gelu_kernel() {
    if (gelu_kernel_available(GeluKernel::Avx512)) return GeluKernel::Avx512;
    if (gelu_kernel_available(GeluKernel::Avx2)) return GeluKernel::Avx2;
    return std::nullopt;
}

}  // namespace pixart::cpu_activation
