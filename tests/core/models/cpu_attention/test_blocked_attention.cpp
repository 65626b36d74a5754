// blocked_attention (models/cpu_attention/blocked_attention.h) against the batched baddbmm +
// softmax + bmm it replaces on the CPU (compat::scaled_dot_product_attention, diffusers'
// AttnProcessor order): every mask shape the models pass, strided queries, blocks of one row,
// ragged last blocks, one and two threads. Rows are independent, so blocking must not change a
// single value.
#include "models/cpu_attention/blocked_attention.h"

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cmath>

#include "models/torch_compat.h"

namespace {

struct Case {
    std::int64_t batch, heads, queries, keys, dim;
};

double max_difference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

void expect_same_as_reference(const Case& c, const torch::Tensor& bias, std::int64_t block_rows) {
    torch::manual_seed(7);
    // Queries as the fused QKV projection gives them: a permuted, non-contiguous view.
    const auto qkv = torch::randn({c.batch, c.queries, 3, c.heads, c.dim}).permute({2, 0, 3, 1, 4});
    const auto q = qkv[0];
    const auto k = torch::randn({c.batch, c.heads, c.keys, c.dim});
    const auto v = torch::randn({c.batch, c.heads, c.keys, c.dim});
    const double scale = 1.0 / std::sqrt(static_cast<double>(c.dim));
    const auto expected = pixart::compat::scaled_dot_product_attention(q, k, v, bias);
    const auto got = pixart::blocked_attention(q, k, v, bias, scale, block_rows * c.keys * 4);
    ASSERT_EQ(got.sizes(), expected.sizes());
    EXPECT_TRUE(got.is_contiguous());
    EXPECT_LE(max_difference(got, expected), 1e-6)
        << "rows " << block_rows << ", bias "
        << (bias.defined() ? bias.sizes() : at::IntArrayRef{});
}

}  // namespace

TEST(BlockedAttention, EqualsTheBatchedPathForEveryMaskAndBlockSize) {
    const Case c{2, 3, 37, 29, 8};
    const auto keys_mask = torch::where(torch::rand({c.batch, 1, 1, c.keys}) > 0.3,
                                        torch::zeros({1}), torch::full({1}, -10000.0));
    const auto per_query = torch::randn({c.batch, c.heads, c.queries, c.keys});
    const auto shared = torch::randn({1, 1, c.queries, c.keys});
    for (const int threads : {1, 2}) {
        at::set_num_threads(threads);
        for (const std::int64_t rows : {1, 5, 16, 37, 100}) {
            expect_same_as_reference(c, torch::Tensor(), rows);
            expect_same_as_reference(c, keys_mask, rows);
            expect_same_as_reference(c, per_query, rows);
            expect_same_as_reference(c, shared, rows);
        }
    }
}

TEST(BlockedAttention, OneQueryAndCrossAttentionShapes) {
    at::set_num_threads(2);
    expect_same_as_reference({1, 2, 1, 50, 16}, torch::Tensor(), 4);  // one query row
    // Cross-attention: many queries, few text keys, a per-image key mask.
    const auto text_mask = torch::zeros({2, 1, 1, 12});
    text_mask[1].narrow(-1, 6, 6).fill_(-10000.0);
    expect_same_as_reference({2, 4, 64, 12, 16}, text_mask, 1000);
}

TEST(BlockedAttention, BlockBudgetIsSplitBetweenThreadsAndCapped) {
    EXPECT_EQ(pixart::attention_block_bytes(std::int64_t{256} << 20, 2), std::int64_t{16} << 20);
    EXPECT_EQ(pixart::attention_block_bytes(std::int64_t{8} << 20, 2), std::int64_t{4} << 20);
    EXPECT_EQ(pixart::attention_block_bytes(100, 0), 100);  // no thread count: one
    EXPECT_EQ(pixart::attention_block_bytes(1, 8), 1);      // never zero
    EXPECT_TRUE(pixart::blocked_attention_applies(torch::zeros({1})));
    EXPECT_FALSE(pixart::blocked_attention_applies(torch::zeros({1}, torch::kFloat64)));
}
