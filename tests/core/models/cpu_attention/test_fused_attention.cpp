// fused_attention (models/cpu_attention/fused_attention.h), with each kernel this CPU runs
// (AVX-512, AVX2), against the batched baddbmm + softmax + bmm of diffusers' AttnProcessor
// (compat::scaled_dot_product_attention): every head size the kernel is built for (8…128, and
// wide ones up to the VAE's 512), key counts around its tiles (16-key panels, 64-key score
// tiles, 128-key value passes; AVX2: 8-key halves, 16-column value tiles), query blocks beyond
// one pass of rows, every mask shape the models pass, strided queries as the fused QKV
// projection gives them, one and two threads. The kernel's exponential and its order of sums
// differ from ATen's, so results agree to float rounding, not bit for bit.
#include "models/cpu_attention/fused_attention.h"

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "models/cpu_attention/attention_kernel.h"
#include "models/torch_compat.h"

namespace {

// Random scores of about ±4 after scaling, as the models' are: outputs of order 1, so an absolute
// tolerance is also a relative one. Observed: ≤ 1.2e-6.
constexpr double kTolerance = 4e-6;

struct Case {
    std::int64_t batch, heads, queries, keys, dim;
};

using pixart::cpu_attention::AttentionKernel;

std::vector<AttentionKernel> available_kernels() {
    std::vector<AttentionKernel> kernels;
    for (const auto kernel : {AttentionKernel::Avx512, AttentionKernel::Avx2})
        if (pixart::cpu_attention::attention_kernel_available(kernel)) kernels.push_back(kernel);
    return kernels;
}

bool kernel_available() { return !available_kernels().empty(); }

constexpr const char* kNoKernel = "this CPU has neither AVX-512 nor AVX2: no kernel runs";

double max_difference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

void expect_close_to_reference(const Case& c, const torch::Tensor& bias) {
    torch::manual_seed(c.keys * 131 + c.dim);
    // Queries, keys and values as the fused QKV projection gives them: permuted, strided views.
    const auto qkv = torch::randn({c.batch, c.queries, 3, c.heads, c.dim}).permute({2, 0, 3, 1, 4});
    const auto q = qkv[0];
    const auto kv = torch::randn({c.batch, c.keys, 2, c.heads, c.dim}).permute({2, 0, 3, 1, 4});
    const auto k = kv[0], v = kv[1];
    const double scale = 1.0 / std::sqrt(static_cast<double>(c.dim));
    ASSERT_TRUE(pixart::fused_attention_applies(q, k, v, bias));
    const auto expected = pixart::compat::scaled_dot_product_attention(q, k, v, bias);
    for (const auto kernel : available_kernels()) {
        const auto got = pixart::fused_attention(kernel, q, k, v, bias, scale);
        ASSERT_EQ(got.sizes(), expected.sizes());
        // Laid out [B, Nq, H, d], so the output projection's reshape is a view.
        EXPECT_TRUE(got.permute({0, 2, 1, 3}).is_contiguous());
        EXPECT_LE(max_difference(got, expected), kTolerance)
            << pixart::cpu_attention::attention_kernel_name(kernel) << ": B " << c.batch << " H "
            << c.heads << " Nq " << c.queries << " Nk " << c.keys << " d " << c.dim << ", bias "
            << (bias.defined() ? bias.sizes() : at::IntArrayRef{});
    }
}

}  // namespace

TEST(FusedAttention, EveryHeadSizeAndKeyCountAroundTheTiles) {
    if (!kernel_available()) GTEST_SKIP() << kNoKernel;
    at::set_num_threads(2);
    for (std::int64_t dim = 8; dim <= 128; dim += 8)
        expect_close_to_reference({1, 2, 13, 70, dim}, torch::Tensor());
    for (const std::int64_t keys : {1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 300})
        expect_close_to_reference({2, 3, 7, keys, 72}, torch::Tensor());
    // More query rows than one block (240 rows) and than one pass of row sums (256 rows); one
    // head over two threads: its keys packed once for both shares.
    expect_close_to_reference({1, 1, 600, 33, 24}, torch::Tensor());
}

// Heads wider than the registers hold (the VAE's one head of 512): the value product runs over
// the head's columns 64 at a time.
TEST(FusedAttention, WideHeads) {
    if (!kernel_available()) GTEST_SKIP() << kNoKernel;
    at::set_num_threads(2);
    for (const std::int64_t dim : {192, 256, 384, 512})
        expect_close_to_reference({1, 2, 9, 40, dim}, torch::Tensor());
    // One head split between the threads, keys past a value pass and a partial last panel.
    expect_close_to_reference({1, 1, 300, 150, 512}, torch::Tensor());
    expect_close_to_reference({2, 1, 50, 129, 512}, torch::zeros({2, 1, 1, 129}));
}

TEST(FusedAttention, EveryMaskShapeOnOneAndTwoThreads) {
    if (!kernel_available()) GTEST_SKIP() << kNoKernel;
    const Case c{2, 3, 37, 45, 24};
    const auto keys_mask = torch::where(torch::rand({c.batch, 1, 1, c.keys}) > 0.3,
                                        torch::zeros({1}), torch::full({1}, -10000.0));
    const auto per_query = torch::randn({c.batch, c.heads, c.queries, c.keys});
    const auto shared = torch::randn({1, 1, c.queries, c.keys});
    const auto per_head = torch::randn({1, c.heads, 1, c.keys});
    for (const int threads : {1, 2}) {
        at::set_num_threads(threads);
        expect_close_to_reference(c, torch::Tensor());
        expect_close_to_reference(c, keys_mask);
        expect_close_to_reference(c, per_query);
        expect_close_to_reference(c, shared);
        expect_close_to_reference(c, per_head);
    }
}

TEST(FusedAttention, CrossAttentionShapesAndAFullyMaskedRow) {
    if (!kernel_available()) GTEST_SKIP() << kNoKernel;
    at::set_num_threads(2);
    // Many image queries, few text keys, the second image's padding masked.
    const auto text_mask = torch::zeros({2, 1, 1, 12});
    text_mask[1].narrow(-1, 6, 6).fill_(-10000.0);
    expect_close_to_reference({2, 4, 64, 12, 72}, text_mask);
    // Every key masked alike: the softmax is uniform, as in the batched path.
    expect_close_to_reference({1, 2, 5, 20, 16}, torch::full({1, 1, 1, 20}, -10000.0));
    // One query row.
    expect_close_to_reference({1, 2, 1, 50, 16}, torch::Tensor());
}

TEST(FusedAttention, NonFiniteScoresBehaveAsInTheBatchedPath) {
    if (!kernel_available()) GTEST_SKIP() << kNoKernel;
    const float inf = std::numeric_limits<float>::infinity();
    const auto q = torch::randn({1, 1, 3, 8}), k = torch::randn({1, 1, 20, 8}),
               v = torch::randn({1, 1, 20, 8});
    auto bias = torch::zeros({1, 1, 3, 20});
    bias[0][0][0].narrow(0, 5, 15).fill_(-inf);  // row 0: keys 5.. never attended
    bias[0][0][1].fill_(-inf);                   // row 1: nothing to attend: NaN, as ATen gives
    const auto expected = pixart::compat::scaled_dot_product_attention(q, k, v, bias);
    EXPECT_TRUE(expected[0][0][1].isnan().all().item<bool>());
    for (const auto kernel : available_kernels()) {
        SCOPED_TRACE(pixart::cpu_attention::attention_kernel_name(kernel));
        const auto got = pixart::fused_attention(kernel, q, k, v, bias, 1.0 / std::sqrt(8.0));
        EXPECT_LE(max_difference(got[0][0][0], expected[0][0][0]), kTolerance);
        EXPECT_TRUE(got[0][0][1].isnan().all().item<bool>());
        EXPECT_LE(max_difference(got[0][0][2], expected[0][0][2]), kTolerance);
    }
}

TEST(FusedAttention, AppliesOnlyWhereTheKernelRuns) {
    const auto q = torch::zeros({1, 2, 4, 72}), k = torch::zeros({1, 2, 6, 72});
    EXPECT_EQ(pixart::fused_attention_applies(q, k, k, torch::Tensor()), kernel_available());
    EXPECT_EQ(pixart::fused_attention_applies(q, k, k, torch::zeros({1, 1, 4, 6})),
              kernel_available());
    // Head sizes the kernel is not built for (wider than 512, wide ones not a multiple of 64,
    // odd sizes); the VAE's 512 is.
    const auto vae = torch::zeros({1, 1, 4, 512});
    EXPECT_EQ(pixart::fused_attention_applies(vae, vae, vae, torch::Tensor()), kernel_available());
    for (const std::int64_t dim : {576, 200}) {
        const auto wide = torch::zeros({1, 1, 4, dim});
        EXPECT_FALSE(pixart::fused_attention_applies(wide, wide, wide, torch::Tensor()));
    }
    const auto odd = torch::zeros({1, 2, 4, 12});
    EXPECT_FALSE(pixart::fused_attention_applies(odd, odd, odd, torch::Tensor()));
    // Other types, mismatched shapes, a bias that does not broadcast.
    EXPECT_FALSE(pixart::fused_attention_applies(q.to(torch::kFloat64), k, k, torch::Tensor()));
    EXPECT_FALSE(pixart::fused_attention_applies(q, torch::zeros({1, 3, 6, 72}),
                                                 torch::zeros({1, 3, 6, 72}), torch::Tensor()));
    EXPECT_FALSE(
        pixart::fused_attention_applies(q, k, torch::zeros({1, 2, 7, 72}), torch::Tensor()));
    EXPECT_FALSE(pixart::fused_attention_applies(q, k, k, torch::zeros({1, 1, 4, 5})));
    EXPECT_FALSE(
        pixart::fused_attention_applies(q, k, k, torch::zeros({1, 1, 4, 6}).to(torch::kFloat64)));
    EXPECT_FALSE(pixart::fused_attention_applies(q, k, k, torch::zeros({1, 1, 1, 4, 6})));
}

TEST(FusedAttention, HeadSizesAndBufferSizes) {
    using namespace pixart::cpu_attention;
    EXPECT_TRUE(attention_kernel_supports_head_dim(8));
    EXPECT_TRUE(attention_kernel_supports_head_dim(72));
    EXPECT_TRUE(attention_kernel_supports_head_dim(128));
    EXPECT_FALSE(attention_kernel_supports_head_dim(0));
    EXPECT_FALSE(attention_kernel_supports_head_dim(12));
    EXPECT_FALSE(attention_kernel_supports_head_dim(136));
    EXPECT_TRUE(attention_kernel_supports_head_dim(192));
    EXPECT_TRUE(attention_kernel_supports_head_dim(512));
    EXPECT_FALSE(attention_kernel_supports_head_dim(200));
    EXPECT_FALSE(attention_kernel_supports_head_dim(576));
    EXPECT_EQ(score_row_floats(1), 16);
    EXPECT_EQ(score_row_floats(16), 16);
    EXPECT_EQ(score_row_floats(300), 304);
    EXPECT_EQ(packed_key_floats(300, 72), 304 * 72);
}

// The best kernel is the widest this CPU runs, and asking for one it lacks is an error, not a
// crash on an illegal instruction.
TEST(FusedAttention, BestKernelIsTheWidestAvailable) {
    using namespace pixart::cpu_attention;
    const auto best = best_attention_kernel();
    if (attention_kernel_available(AttentionKernel::Avx512))
        EXPECT_EQ(best, AttentionKernel::Avx512);
    else if (attention_kernel_available(AttentionKernel::Avx2))
        EXPECT_EQ(best, AttentionKernel::Avx2);
    else
        EXPECT_FALSE(best.has_value());
    const auto q = torch::zeros({1, 1, 2, 8});
    for (const auto kernel : {AttentionKernel::Avx512, AttentionKernel::Avx2}) {
        if (attention_kernel_available(kernel)) continue;
        EXPECT_THROW(pixart::fused_attention(kernel, q, q, q, torch::Tensor(), 1.0),
                     std::logic_error);
    }
}
