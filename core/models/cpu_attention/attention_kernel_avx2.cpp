#include "models/cpu_attention/attention_kernel_avx2.h"

#include <array>
#include <utility>

#if defined(__x86_64__) && defined(__GNUC__)
#define PIXART_AVX2_KERNEL 1
#include <immintrin.h>

#include "models/cpu_attention/vector_exp.h"
#else
#define PIXART_AVX2_KERNEL 0
#endif

namespace pixart::cpu_attention {

#if PIXART_AVX2_KERNEL

bool avx2_kernel_available() {
    // libgcc's check includes the OS's XSAVE state for the 256-bit registers.
    static const bool available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return available;
}

// Everything below is compiled for AVX2 + FMA and only ever called after avx2_kernel_available();
// the target is set per function, as in attention_kernel_avx512.cpp.
#pragma GCC push_options
#pragma GCC target("avx2,fma")

namespace {

constexpr std::int64_t kPanel = kKeyPanel;  // keys per packed panel: two registers
constexpr int kRows = 6;                    // query rows of a score or value tile
constexpr int kValueColumns = 2;            // registers (8 head columns each) of a value tile
constexpr int kValueKeys = 128;             // keys per pass of the value product
constexpr int kMostRowsAtOnce = 256;        // rows whose sums are held at once

// Lanes [0, count) of 8 set (count ≥ 8: all).
inline __m256i first_lanes(std::int64_t count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count < 8 ? count : 8)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

using cpu_vector::exp256;

inline float horizontal_max(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

inline float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// scores[R rows, one panel of 16 keys] = scale · q kᵀ (+ bias): 2R accumulators over the head's
// dims. Bias rows end at the last key: only the panel's first `valid_keys` are read.
template <int R>
void score_tile(const float* q, std::int64_t q_stride, const float* panel, std::int64_t dim,
                float* scores, std::int64_t score_stride, float scale_factor, const float* bias,
                std::int64_t bias_stride, std::int64_t valid_keys) {
    __m256 acc[R][2];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
    for (std::int64_t k = 0; k < dim; ++k) {
        const __m256 low = _mm256_load_ps(panel + k * kPanel);
        const __m256 high = _mm256_load_ps(panel + k * kPanel + 8);
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r) {
            const __m256 a = _mm256_broadcast_ss(q + r * q_stride + k);
            acc[r][0] = _mm256_fmadd_ps(a, low, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(a, high, acc[r][1]);
        }
    }
    const __m256 scale = _mm256_set1_ps(scale_factor);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
        __m256 low = _mm256_mul_ps(acc[r][0], scale), high = _mm256_mul_ps(acc[r][1], scale);
        if (bias) {
            const float* row = bias + r * bias_stride;
            if (valid_keys >= kPanel) {
                low = _mm256_add_ps(low, _mm256_loadu_ps(row));
                high = _mm256_add_ps(high, _mm256_loadu_ps(row + 8));
            } else {
                low = _mm256_add_ps(low, _mm256_maskload_ps(row, first_lanes(valid_keys)));
                high =
                    _mm256_add_ps(high, _mm256_maskload_ps(row + 8, first_lanes(valid_keys - 8)));
            }
        }
        _mm256_storeu_ps(scores + r * score_stride, low);
        _mm256_storeu_ps(scores + r * score_stride + 8, high);
    }
}

using ScoreTile = void (*)(const float*, std::int64_t, const float*, std::int64_t, float*,
                           std::int64_t, float, const float*, std::int64_t, std::int64_t);

template <int... R>
constexpr std::array<ScoreTile, sizeof...(R)> score_tiles(std::integer_sequence<int, R...>) {
    return {&score_tile<R + 1>...};
}

// [rows - 1], rows 1..6
constexpr auto kScoreTiles = score_tiles(std::make_integer_sequence<int, kRows>{});

// The scores of `rows` rows over all keys, panel by panel (the panel stays in L1 while every
// row's tile reads it).
void compute_scores(const AttentionRows& job, std::int64_t first_row, std::int64_t rows,
                    std::int64_t score_stride) {
    const std::int64_t panels = score_stride / kPanel;
    for (std::int64_t p = 0; p < panels; ++p) {
        const std::int64_t valid = job.keys - p * kPanel;  // > 0
        const float* panel = job.packed_keys + p * job.head_dim * kPanel;
        for (std::int64_t i = 0; i < rows; i += kRows) {
            const int r = static_cast<int>(rows - i < kRows ? rows - i : kRows);
            const std::int64_t row = first_row + i;
            const float* bias =
                job.bias ? job.bias + row * job.bias_row_stride + p * kPanel : nullptr;
            kScoreTiles[r - 1](job.queries + row * job.query_stride, job.query_stride, panel,
                               job.head_dim, job.scores + i * score_stride + p * kPanel,
                               score_stride, job.scale, bias, job.bias_row_stride, valid);
        }
    }
}

// exp(s - max s) in place over the first `keys` entries; returns their sum.
float exponentiate_row(float* s, std::int64_t keys) {
    const __m256 minus_infinity = _mm256_set1_ps(-__builtin_inff());
    __m256 most = minus_infinity;
    std::int64_t j = 0;
    for (; j + 8 <= keys; j += 8) most = _mm256_max_ps(most, _mm256_loadu_ps(s + j));
    const __m256i tail = first_lanes(keys - j);
    if (j < keys)
        most = _mm256_max_ps(most, _mm256_blendv_ps(minus_infinity, _mm256_maskload_ps(s + j, tail),
                                                    _mm256_castsi256_ps(tail)));
    const __m256 shift = _mm256_set1_ps(horizontal_max(most));
    __m256 sum = _mm256_setzero_ps();
    for (j = 0; j + 8 <= keys; j += 8) {
        const __m256 e = exp256(_mm256_sub_ps(_mm256_loadu_ps(s + j), shift));
        _mm256_storeu_ps(s + j, e);
        sum = _mm256_add_ps(sum, e);
    }
    if (j < keys) {
        const __m256 e =
            _mm256_and_ps(exp256(_mm256_sub_ps(_mm256_maskload_ps(s + j, tail), shift)),
                          _mm256_castsi256_ps(tail));
        _mm256_maskstore_ps(s + j, tail, e);
        sum = _mm256_add_ps(sum, e);
    }
    return horizontal_sum(sum);
}

// out[R rows, C·8 columns] (+)= p[R rows, keys] · values[keys, those columns].
template <int R, int C>
void value_tile(const float* p, std::int64_t p_stride, const float* values,
                std::int64_t value_stride, std::int64_t keys, float* out, std::int64_t out_stride,
                bool accumulate) {
    __m256 acc[R][C];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
        for (int c = 0; c < C; ++c)
            acc[r][c] =
                accumulate ? _mm256_loadu_ps(out + r * out_stride + c * 8) : _mm256_setzero_ps();
    for (std::int64_t k = 0; k < keys; ++k) {
        const float* row = values + k * value_stride;
        __m256 v[C];
#pragma GCC unroll 8
        for (int c = 0; c < C; ++c) v[c] = _mm256_loadu_ps(row + c * 8);
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r) {
            const __m256 a = _mm256_broadcast_ss(p + r * p_stride + k);
#pragma GCC unroll 8
            for (int c = 0; c < C; ++c) acc[r][c] = _mm256_fmadd_ps(a, v[c], acc[r][c]);
        }
    }
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
        for (int c = 0; c < C; ++c) _mm256_storeu_ps(out + r * out_stride + c * 8, acc[r][c]);
}

using ValueTile = void (*)(const float*, std::int64_t, const float*, std::int64_t, std::int64_t,
                           float*, std::int64_t, bool);

template <int R, int... C>
constexpr std::array<ValueTile, sizeof...(C)> value_tiles_of_rows(
    std::integer_sequence<int, C...>) {
    return {&value_tile<R, C + 1>...};
}

template <int... R>
constexpr std::array<std::array<ValueTile, kValueColumns>, sizeof...(R)> value_tiles(
    std::integer_sequence<int, R...>) {
    return {value_tiles_of_rows<R + 1>(std::make_integer_sequence<int, kValueColumns>{})...};
}

// [rows - 1][registers - 1], rows 1..6, registers 1..2
constexpr auto kValueTiles = value_tiles(std::make_integer_sequence<int, kRows>{});

// out[rows] = (exp-scores · values) over all keys, in passes of kValueKeys keys, each pass over
// the head's columns 16 at a time (the head size is a multiple of 8; a wide head's values in
// pack_values' blocks of 64 columns).
void compute_values(const AttentionRows& job, std::int64_t first_row, std::int64_t rows,
                    std::int64_t score_stride) {
    const bool wide = is_wide_head(job.head_dim);
    for (std::int64_t k = 0; k < job.keys; k += kValueKeys) {
        const std::int64_t keys = job.keys - k < kValueKeys ? job.keys - k : kValueKeys;
        for (std::int64_t i = 0; i < rows; i += kRows) {
            const int r = static_cast<int>(rows - i < kRows ? rows - i : kRows);
            for (std::int64_t column = 0; column < job.head_dim; column += 8 * kValueColumns) {
                const std::int64_t left = (job.head_dim - column) / 8;
                const int c = static_cast<int>(left < kValueColumns ? left : kValueColumns);
                const float* values = wide ? job.values +
                                                 (column - column % kWideValueColumns) * job.keys +
                                                 k * kWideValueColumns + column % kWideValueColumns
                                           : job.values + k * job.value_stride + column;
                kValueTiles[r - 1][c - 1](job.scores + i * score_stride + k, score_stride, values,
                                          wide ? kWideValueColumns : job.value_stride, keys,
                                          job.out + (first_row + i) * job.out_stride + column,
                                          job.out_stride, k > 0);
            }
        }
    }
}

void scale_row(float* out, std::int64_t dim, float factor) {
    const __m256 f = _mm256_set1_ps(factor);
    for (std::int64_t j = 0; j < dim; j += 8)  // dim is a multiple of 8
        _mm256_storeu_ps(out + j, _mm256_mul_ps(_mm256_loadu_ps(out + j), f));
}

}  // namespace

void attend_rows_avx2(const AttentionRows& job) {
    const std::int64_t score_stride = score_row_floats(job.keys);
    float sums[kMostRowsAtOnce];
    for (std::int64_t first = 0; first < job.rows; first += kMostRowsAtOnce) {
        const std::int64_t rows =
            job.rows - first < kMostRowsAtOnce ? job.rows - first : kMostRowsAtOnce;
        compute_scores(job, first, rows, score_stride);
        for (std::int64_t i = 0; i < rows; ++i)
            sums[i] = exponentiate_row(job.scores + i * score_stride, job.keys);
        compute_values(job, first, rows, score_stride);
        for (std::int64_t i = 0; i < rows; ++i)
            scale_row(job.out + (first + i) * job.out_stride, job.head_dim, 1.0f / sums[i]);
    }
}

#pragma GCC pop_options

#else  // not x86-64 with GCC or Clang: never available, never called

bool avx2_kernel_available() { return false; }
void attend_rows_avx2(const AttentionRows&) {}

#endif

}  // namespace pixart::cpu_attention
