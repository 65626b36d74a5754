#include "models/cpu_attention/attention_kernel.h"

#include <cstring>

#include "models/cpu_attention/attention_kernel_avx2.h"
#include "models/cpu_attention/attention_kernel_avx512.h"

namespace pixart::cpu_attention {

const char* attention_kernel_name(AttentionKernel kernel) {
    return kernel == AttentionKernel::Avx512 ? "AVX-512" : "AVX2";
}

bool attention_kernel_available(AttentionKernel kernel) {
    return kernel == AttentionKernel::Avx512 ? avx512_kernel_available() : avx2_kernel_available();
}

std::optional<AttentionKernel> best_attention_kernel() {
    if (avx512_kernel_available()) return AttentionKernel::Avx512;
    if (avx2_kernel_available()) return AttentionKernel::Avx2;
    return std::nullopt;
}

bool attention_kernel_supports_head_dim(std::int64_t head_dim) {
    if (head_dim > 128) return head_dim <= 512 && head_dim % 64 == 0;
    return head_dim >= 8 && head_dim % 8 == 0;
}

std::int64_t score_row_floats(std::int64_t keys) {
    return (keys + kKeyPanel - 1) / kKeyPanel * kKeyPanel;
}

std::int64_t packed_key_floats(std::int64_t keys, std::int64_t head_dim) {
    return score_row_floats(keys) * head_dim;
}

void pack_keys(const float* keys, std::int64_t key_stride, std::int64_t count,
               std::int64_t head_dim, float* packed) {
    const std::int64_t panels = score_row_floats(count) / kKeyPanel;
    for (std::int64_t p = 0; p < panels; ++p) {
        float* panel = packed + p * head_dim * kKeyPanel;
        for (std::int64_t t = 0; t < kKeyPanel; ++t) {
            const std::int64_t key = p * kKeyPanel + t;
            if (key < count) {
                const float* row = keys + key * key_stride;
                for (std::int64_t k = 0; k < head_dim; ++k) panel[k * kKeyPanel + t] = row[k];
            } else {
                for (std::int64_t k = 0; k < head_dim; ++k) panel[k * kKeyPanel + t] = 0.0f;
            }
        }
    }
}

void pack_values(const float* values, std::int64_t value_stride, std::int64_t count,
                 std::int64_t head_dim, float* packed) {
    const std::int64_t columns = is_wide_head(head_dim) ? kWideValueColumns : head_dim;
    for (std::int64_t block = 0; block < head_dim / columns; ++block) {
        float* out = packed + block * count * columns;
        for (std::int64_t key = 0; key < count; ++key)
            std::memcpy(out + key * columns, values + key * value_stride + block * columns,
                        static_cast<std::size_t>(columns) * sizeof(float));
    }
}

void attend_rows(AttentionKernel kernel, const AttentionRows& job) {
    if (kernel == AttentionKernel::Avx512)
        attend_rows_avx512(job);
    else
        attend_rows_avx2(job);
}

}  // namespace pixart::cpu_attention
