#include "models/cpu_attention/attention_kernel_avx512.h"

#include <array>
#include <utility>

#if defined(__x86_64__) && defined(__GNUC__)
#define PIXART_AVX512_KERNEL 1
// GCC 12's AVX-512 reductions start from a deliberately undefined register, which
// -Wmaybe-uninitialized reports wherever they are inlined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "models/cpu_attention/vector_exp.h"
#else
#define PIXART_AVX512_KERNEL 0
#endif

namespace pixart::cpu_attention {

namespace {
constexpr std::int64_t kPanel = kKeyPanel;  // one AVX-512 register of floats
}  // namespace

#if PIXART_AVX512_KERNEL

bool avx512_kernel_available() {
    // libgcc's check includes the OS's XSAVE state for the AVX-512 registers.
    static const bool available =
        __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
    return available;
}

// Everything below is compiled for AVX-512 and only ever called after avx512_kernel_available().
// The target is set per function (not with -m flags for the file), so no inline function shared
// with other files (the standard library's) is emitted with instructions other CPUs lack.
#pragma GCC push_options
#pragma GCC target("avx512f,avx512vl,avx2,fma")

namespace {

constexpr int kScoreRows = 6;    // query rows of a score tile
constexpr int kScorePanels = 4;  // panels (of 16 keys) of a score tile: 24 accumulators
constexpr int kValueKeys = 128;  // keys per pass of the value product (their values stay in L1/L2)
constexpr int kMostRowsAtOnce = 256;  // rows whose sums are held at once

using cpu_vector::exp512;

inline __mmask16 first_lanes(std::int64_t count) {
    return count >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << count) - 1u);
}

// The head's dims a score tile sums over: all of them, or for a wide head (the VAE's 512) 128
// at a time, so that the tile's 4 panels of keys (32 KiB) stay in L1 while every row's tile
// reads them; partial sums wait in the score buffer between chunks (the same sums, in the same
// order).
constexpr std::int64_t kDimChunk = 128;

struct DimChunk {
    std::int64_t first = 0, count = 0;
    std::int64_t panel_floats = 0;  // a whole panel: head_dim × 16
    bool accumulate = false;        // add to the partial sums in the score buffer
    bool finish = false;            // the last chunk: scale, bias and row maximum
};

// scores[R rows, NV·16 keys] = scale · q kᵀ (+ bias): R × NV accumulators over the chunk's dims.
// `last_valid` marks the real keys of the last panel (bias rows end at the last key). Each row's
// running maximum (16 lanes, `row_max` rows 16 floats apart) takes in the tile's scores on the
// way out, so the softmax needs no separate pass over the scores for it.
template <int R, int NV>
void score_tile(const float* q, std::int64_t q_stride, const float* panels, const DimChunk& chunk,
                float* scores, std::int64_t score_stride, float scale_factor, const float* bias,
                std::int64_t bias_stride, __mmask16 last_valid, float* row_max) {
    const __m512 scale = _mm512_set1_ps(scale_factor);
    __m512 acc[R][NV];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
        for (int c = 0; c < NV; ++c)
            acc[r][c] = chunk.accumulate ? _mm512_loadu_ps(scores + r * score_stride + c * kPanel)
                                         : _mm512_setzero_ps();
    const std::int64_t panel_floats = chunk.panel_floats;
    for (std::int64_t k = chunk.first; k < chunk.first + chunk.count; ++k) {
        __m512 key[NV];
#pragma GCC unroll 8
        for (int c = 0; c < NV; ++c)
            key[c] = _mm512_load_ps(panels + c * panel_floats + k * kPanel);
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r) {
            const __m512 a = _mm512_set1_ps(q[r * q_stride + k]);
#pragma GCC unroll 8
            for (int c = 0; c < NV; ++c) acc[r][c] = _mm512_fmadd_ps(a, key[c], acc[r][c]);
        }
    }
    if (!chunk.finish) {
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
            for (int c = 0; c < NV; ++c)
                _mm512_storeu_ps(scores + r * score_stride + c * kPanel, acc[r][c]);
        return;
    }
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
        __m512 most = _mm512_load_ps(row_max + r * kPanel);
#pragma GCC unroll 8
        for (int c = 0; c < NV; ++c) {
            const __mmask16 valid = c == NV - 1 ? last_valid : __mmask16(0xFFFF);
            __m512 s = _mm512_mul_ps(acc[r][c], scale);
            if (bias)
                s = _mm512_add_ps(
                    s, _mm512_maskz_loadu_ps(valid, bias + r * bias_stride + c * kPanel));
            _mm512_storeu_ps(scores + r * score_stride + c * kPanel, s);
            most = _mm512_mask_max_ps(most, valid, most, s);  // not the padding's zeros
        }
        _mm512_store_ps(row_max + r * kPanel, most);
    }
}

using ScoreTile = void (*)(const float*, std::int64_t, const float*, const DimChunk&, float*,
                           std::int64_t, float, const float*, std::int64_t, __mmask16, float*);

template <int R, int... C>
constexpr std::array<ScoreTile, sizeof...(C)> score_tiles_of_rows(
    std::integer_sequence<int, C...>) {
    return {&score_tile<R, C + 1>...};
}

template <int... R>
constexpr std::array<std::array<ScoreTile, kScorePanels>, sizeof...(R)> score_tiles(
    std::integer_sequence<int, R...>) {
    return {score_tiles_of_rows<R + 1>(std::make_integer_sequence<int, kScorePanels>{})...};
}

// [rows (1..6)][panels (1..4)]
constexpr auto kScoreTiles = score_tiles(std::make_integer_sequence<int, kScoreRows>{});

// The scores of `rows` rows over all keys, and each row's maximum in 16 lanes (`row_max`).
void compute_scores(const AttentionRows& job, std::int64_t first_row, std::int64_t rows,
                    std::int64_t score_stride, float* row_max) {
    const std::int64_t panels = score_stride / kPanel;
    for (std::int64_t i = 0; i < rows; ++i)
        _mm512_store_ps(row_max + i * kPanel, _mm512_set1_ps(-__builtin_inff()));
    for (std::int64_t p = 0; p < panels; p += kScorePanels) {
        const int nv = static_cast<int>(panels - p < kScorePanels ? panels - p : kScorePanels);
        const __mmask16 last_valid =
            p + nv == panels ? first_lanes(job.keys - (panels - 1) * kPanel) : __mmask16(0xFFFF);
        const float* panel = job.packed_keys + p * job.head_dim * kPanel;
        for (std::int64_t first_dim = 0; first_dim < job.head_dim; first_dim += kDimChunk) {
            DimChunk chunk;
            chunk.first = first_dim;
            chunk.count =
                job.head_dim - first_dim < kDimChunk ? job.head_dim - first_dim : kDimChunk;
            chunk.panel_floats = job.head_dim * kPanel;
            chunk.accumulate = first_dim > 0;
            chunk.finish = first_dim + chunk.count == job.head_dim;
            for (std::int64_t i = 0; i < rows; i += kScoreRows) {
                const int r = static_cast<int>(rows - i < kScoreRows ? rows - i : kScoreRows);
                const std::int64_t row = first_row + i;
                const float* bias =
                    job.bias ? job.bias + row * job.bias_row_stride + p * kPanel : nullptr;
                kScoreTiles[r - 1][nv - 1](job.queries + row * job.query_stride, job.query_stride,
                                           panel, chunk, job.scores + i * score_stride + p * kPanel,
                                           score_stride, job.scale, bias, job.bias_row_stride,
                                           last_valid, row_max + i * kPanel);
            }
        }
    }
}

// exp(s - max s) in place over the first `keys` entries (the row's maximum in 16 lanes from
// compute_scores); returns their sum.
float exponentiate_row(float* s, std::int64_t keys, const float* row_max) {
    const __m512 shift = _mm512_set1_ps(_mm512_reduce_max_ps(_mm512_load_ps(row_max)));
    const __mmask16 tail = first_lanes(keys % kPanel);
    __m512 sum = _mm512_setzero_ps();
    std::int64_t j = 0;
    for (; j + kPanel <= keys; j += kPanel) {
        const __m512 e = exp512(_mm512_sub_ps(_mm512_loadu_ps(s + j), shift));
        _mm512_storeu_ps(s + j, e);
        sum = _mm512_add_ps(sum, e);
    }
    if (j < keys) {
        const __m512 e = exp512(_mm512_sub_ps(_mm512_maskz_loadu_ps(tail, s + j), shift));
        _mm512_mask_storeu_ps(s + j, tail, e);
        sum = _mm512_mask_add_ps(sum, tail, sum, e);
    }
    return _mm512_reduce_add_ps(sum);
}

// out[R rows, head] (+)= p[R rows, keys] · values[keys, head] for DV·16 (+ 8 if HALF) columns.
template <int R, int DV, bool HALF>
void value_tile(const float* p, std::int64_t p_stride, const float* values,
                std::int64_t value_stride, std::int64_t keys, float* out, std::int64_t out_stride,
                bool accumulate) {
    constexpr int kVectors = DV > 0 ? DV : 1;
    __m512 acc[R][kVectors];
    __m256 half[R];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
#pragma GCC unroll 8
        for (int c = 0; c < DV; ++c)
            acc[r][c] =
                accumulate ? _mm512_loadu_ps(out + r * out_stride + c * 16) : _mm512_setzero_ps();
        if (HALF)
            half[r] =
                accumulate ? _mm256_loadu_ps(out + r * out_stride + DV * 16) : _mm256_setzero_ps();
    }
    for (std::int64_t k = 0; k < keys; ++k) {
        const float* row = values + k * value_stride;
        __m512 v[kVectors];
        __m256 v_half = _mm256_setzero_ps();
#pragma GCC unroll 8
        for (int c = 0; c < DV; ++c) v[c] = _mm512_loadu_ps(row + c * 16);
        if (HALF) v_half = _mm256_loadu_ps(row + DV * 16);
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r) {
            // One broadcast straight from memory (a load, no shuffle), its low half reused for
            // the half register: broadcasting a scalar register instead (as GCC does for two
            // set1 of one value) runs on the port of the second FMA unit and cost a third of
            // this loop's rate (PERFORMANCE §11).
            const __m512 a = _mm512_set1_ps(p[r * p_stride + k]);
#pragma GCC unroll 8
            for (int c = 0; c < DV; ++c) acc[r][c] = _mm512_fmadd_ps(a, v[c], acc[r][c]);
            if (HALF) half[r] = _mm256_fmadd_ps(_mm512_castps512_ps256(a), v_half, half[r]);
        }
    }
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
#pragma GCC unroll 8
        for (int c = 0; c < DV; ++c) _mm512_storeu_ps(out + r * out_stride + c * 16, acc[r][c]);
        if (HALF) _mm256_storeu_ps(out + r * out_stride + DV * 16, half[r]);
    }
}

using ValueTile = void (*)(const float*, std::int64_t, const float*, std::int64_t, std::int64_t,
                           float*, std::int64_t, bool);

// Rows per value tile for a head of D: as many as keep ≤ 28 accumulators (of 32 registers).
constexpr int value_rows(int dim) {
    const int vectors = dim / 16 + (dim % 16 != 0 ? 1 : 0);
    return 28 / vectors < 6 ? 28 / vectors : 6;
}

template <int D, int... R>
constexpr std::array<ValueTile, sizeof...(R)> value_tiles(std::integer_sequence<int, R...>) {
    return {&value_tile<R + 1, D / 16, D % 16 != 0>...};
}

// out[rows] = (exp-scores · values) over all keys, in passes of kValueKeys keys, D columns per
// tile: the whole head, or for a wide head (multiples of 64 above 128: the VAE's 512, whose row
// does not fit in the registers) each block of 64 of pack_values' layout in turn.
template <int D>
void compute_values(const AttentionRows& job, std::int64_t first_row, std::int64_t rows,
                    std::int64_t score_stride) {
    constexpr int kRows = value_rows(D);
    static constexpr auto kTiles = value_tiles<D>(std::make_integer_sequence<int, kRows>{});
    const bool wide = is_wide_head(job.head_dim);
    const std::int64_t value_stride = wide ? D : job.value_stride;
    for (std::int64_t k = 0; k < job.keys; k += kValueKeys) {
        const std::int64_t keys = job.keys - k < kValueKeys ? job.keys - k : kValueKeys;
        for (std::int64_t i = 0; i < rows; i += kRows) {
            const int r = static_cast<int>(rows - i < kRows ? rows - i : kRows);
            for (std::int64_t column = 0; column < job.head_dim; column += D)
                kTiles[r - 1](job.scores + i * score_stride + k, score_stride,
                              job.values + (wide ? column * job.keys : 0) + k * value_stride,
                              value_stride, keys,
                              job.out + (first_row + i) * job.out_stride + column, job.out_stride,
                              k > 0);
        }
    }
}

using ComputeValues = void (*)(const AttentionRows&, std::int64_t, std::int64_t, std::int64_t);

template <int... E>
constexpr std::array<ComputeValues, sizeof...(E)> value_kernels(std::integer_sequence<int, E...>) {
    return {&compute_values<(E + 1) * 8>...};
}

// [head_dim / 8 - 1]: head sizes 8, 16, ..., 128.
constexpr auto kValueKernels = value_kernels(std::make_integer_sequence<int, 16>{});

void scale_row(float* out, std::int64_t dim, float factor) {
    const __m512 f = _mm512_set1_ps(factor);
    std::int64_t j = 0;
    for (; j + 16 <= dim; j += 16)
        _mm512_storeu_ps(out + j, _mm512_mul_ps(_mm512_loadu_ps(out + j), f));
    if (j < dim) {
        const __mmask16 tail = first_lanes(dim - j);
        _mm512_mask_storeu_ps(out + j, tail,
                              _mm512_mul_ps(_mm512_maskz_loadu_ps(tail, out + j), f));
    }
}

}  // namespace

void attend_rows_avx512(const AttentionRows& job) {
    const std::int64_t score_stride = score_row_floats(job.keys);
    const ComputeValues values = is_wide_head(job.head_dim) ? &compute_values<kWideValueColumns>
                                                            : kValueKernels[job.head_dim / 8 - 1];
    float sums[kMostRowsAtOnce];
    alignas(64) float row_max[kMostRowsAtOnce * kPanel];
    for (std::int64_t first = 0; first < job.rows; first += kMostRowsAtOnce) {
        const std::int64_t rows =
            job.rows - first < kMostRowsAtOnce ? job.rows - first : kMostRowsAtOnce;
        compute_scores(job, first, rows, score_stride, row_max);
        for (std::int64_t i = 0; i < rows; ++i)
            sums[i] =
                exponentiate_row(job.scores + i * score_stride, job.keys, row_max + i * kPanel);
        values(job, first, rows, score_stride);
        for (std::int64_t i = 0; i < rows; ++i)
            scale_row(job.out + (first + i) * job.out_stride, job.head_dim, 1.0f / sums[i]);
    }
}

#pragma GCC pop_options
#pragma GCC diagnostic pop

#else  // not x86-64 with GCC or Clang: never available, never called

bool avx512_kernel_available() { return false; }
void attend_rows_avx512(const AttentionRows&) {}

#endif

}  // namespace pixart::cpu_attention
