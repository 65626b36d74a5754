// softmax(scale · q kᵀ + bias) v for a block of query rows of one head, in AVX-512 registers:
// the scores of the block stay in the calling thread's cache (its buffer is rows × keys floats),
// the exponentials are computed there, and both products run as register-tiled micro-kernels
// (6 query rows × 64 keys for the scores, up to 6 rows × the whole head for the values).
// Every row is the exact softmax of its scores (the row's maximum first, then the exponentials),
// so results differ from ATen's baddbmm + softmax + bmm by rounding only; the output is divided
// by the row's sum at the end instead of normalising the probabilities first.
// Plain floats, no torch: cpu_attention/fused_attention.h is the tensor-level entry.
#pragma once

#include <cstdint>

namespace pixart::cpu_attention {

// Whether this CPU and OS run the kernel (AVX-512 F and VL, with the OS saving the registers).
bool avx512_kernel_available();

// Head sizes the kernel is built for: multiples of 8 from 8 to 128.
bool avx512_kernel_supports_head_dim(std::int64_t head_dim);

// Floats of one head's packed keys: keys rounded up to 16, times head_dim.
std::int64_t packed_key_floats(std::int64_t keys, std::int64_t head_dim);

// Floats of one row of the score buffer: keys rounded up to 16.
std::int64_t score_row_floats(std::int64_t keys);

// One head's keys [keys, head_dim] (rows `key_stride` floats apart, elements contiguous) into
// panels of 16 keys, each dimension-major ([head_dim][16]); the last panel is zero-padded.
void pack_keys_avx512(const float* keys, std::int64_t key_stride, std::int64_t count,
                      std::int64_t head_dim, float* packed);

struct AttentionRows {
    const float* queries = nullptr;  // [rows, head_dim], rows query_stride floats apart
    std::int64_t query_stride = 0;
    std::int64_t rows = 0;
    const float* packed_keys = nullptr;  // pack_keys_avx512 of the head's keys
    const float* values = nullptr;       // [keys, head_dim], rows value_stride floats apart
    std::int64_t value_stride = 0;
    std::int64_t keys = 0;
    std::int64_t head_dim = 0;
    // Additive, [rows, keys] with rows bias_row_stride floats apart (0: one row for all);
    // nullptr: none.
    const float* bias = nullptr;
    std::int64_t bias_row_stride = 0;
    float scale = 1.0f;
    float* scores = nullptr;  // scratch: rows × score_row_floats(keys)
    float* out = nullptr;     // [rows, head_dim], rows out_stride floats apart
    std::int64_t out_stride = 0;
};

// Requires avx512_kernel_available() and avx512_kernel_supports_head_dim(head_dim).
void attend_rows_avx512(const AttentionRows& job);

}  // namespace pixart::cpu_attention
