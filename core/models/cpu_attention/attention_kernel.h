// The core's own CPU attention kernels: softmax(scale · q kᵀ + bias) v for a block of query rows
// of one head, with the scores of the block kept in the calling thread's cache (its buffer is
// rows × keys floats), the exponentials computed there, and both products run as register-tiled
// micro-kernels. Two builds of one design: AVX-512 (attention_kernel_avx512) and AVX2 + FMA
// (attention_kernel_avx2, for the many desktop CPUs without AVX-512); the CPU picks at run time.
// Every row is the exact softmax of its scores (the row's maximum first, then the exponentials),
// so results differ from ATen's baddbmm + softmax + bmm by rounding only; the output is divided
// by the row's sum at the end instead of normalising the probabilities first.
// Plain floats, no torch: cpu_attention/fused_attention.h is the tensor-level entry.
#pragma once

#include <cstdint>
#include <optional>

namespace pixart::cpu_attention {

enum class AttentionKernel { Avx512, Avx2 };

// "AVX-512", "AVX2".
const char* attention_kernel_name(AttentionKernel kernel);

// Whether this CPU and OS run the kernel (the instructions, and the OS saving their registers).
bool attention_kernel_available(AttentionKernel kernel);

// The fastest kernel this CPU runs; none on CPUs without AVX2 and FMA (or not x86-64).
std::optional<AttentionKernel> best_attention_kernel();

// Head sizes the kernels are built for: multiples of 8 from 8 to 128 (every transformer head),
// and multiples of 64 up to 512 (the VAE's one head of 512).
bool attention_kernel_supports_head_dim(std::int64_t head_dim);

// Keys per packed panel (one AVX-512 register, two AVX2 registers of floats).
constexpr std::int64_t kKeyPanel = 16;

// Floats of one head's packed keys: keys rounded up to 16, times head_dim.
std::int64_t packed_key_floats(std::int64_t keys, std::int64_t head_dim);

// Floats of one row of the score buffer: keys rounded up to 16.
std::int64_t score_row_floats(std::int64_t keys);

// One head's keys [keys, head_dim] (rows `key_stride` floats apart, elements contiguous) into
// panels of 16 keys, each dimension-major ([head_dim][16]); the last panel is zero-padded.
// Both kernels read this layout. `packed` must be 64-byte aligned.
void pack_keys(const float* keys, std::int64_t key_stride, std::int64_t count,
               std::int64_t head_dim, float* packed);

// Heads wider than 128 (the VAE's 512) are "wide": the value product covers their columns 64 at
// a time, from values laid out by pack_values.
constexpr std::int64_t kWideValueColumns = 64;
inline bool is_wide_head(std::int64_t head_dim) { return head_dim > 128; }

// One head's values [keys, head_dim] (rows `value_stride` floats apart) copied into keys ×
// head_dim floats: the rows next to each other ([keys][head_dim]) or, for a wide head,
// head_dim / 64 blocks of [keys][64] one after the other, so that a block's pass of keys is one
// contiguous stretch (rows of a whole 512-wide head are 2 KiB apart, and a pass's 64-column
// slices of them would crowd into a few L1 sets).
void pack_values(const float* values, std::int64_t value_stride, std::int64_t count,
                 std::int64_t head_dim, float* packed);

struct AttentionRows {
    const float* queries = nullptr;  // [rows, head_dim], rows query_stride floats apart
    std::int64_t query_stride = 0;
    std::int64_t rows = 0;
    const float* packed_keys = nullptr;  // pack_keys of the head's keys
    // [keys, head_dim], rows value_stride floats apart; a wide head's: pack_values of them
    // (value_stride unused).
    const float* values = nullptr;
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

// Requires attention_kernel_available(kernel) and attention_kernel_supports_head_dim(head_dim).
void attend_rows(AttentionKernel kernel, const AttentionRows& job);

}  // namespace pixart::cpu_attention
