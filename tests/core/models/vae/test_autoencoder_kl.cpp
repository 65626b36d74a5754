// AutoencoderKL decoder parity with diffusers v0.30.3 (golden/vae.safetensors), tiled decode and
// error paths, on the tiny model.
#include "models/vae/autoencoder_kl.h"

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <string>
#include <utility>

#include "api/errors.h"
#include "models/cpu_attention/attention_kernel.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"
#include "support/tiny_vae.h"

using pixart::AutoencoderKL;
using pixart::Error;
using pixart::ErrorKind;
using pixart::TiledDecodeOptions;
using pixart::test::golden_tensor;
using pixart::test::relative_l2;
using pixart::test::seeded_latents;
using pixart::test::tiny_vae;

namespace {

constexpr double kComponentTolerance = 1e-5;  // relative L2, every stage and the image
// Tiled vs exact decode of the same latent (relative L2 of the raw image, tiny random-weight VAE).
// Tiles see their own GroupNorm statistics and attention context, so this is an approximation,
// not rounding noise: tiles of 32 latent cells stay within 6 %, tiles of 48 within 3 %.
constexpr double kSmallTileTolerance = 0.06;
constexpr double kLargeTileTolerance = 0.03;

torch::Tensor vae_golden(const std::string& name) { return golden_tensor("vae.safetensors", name); }

class VaeGolden : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(VaeGolden, EveryStageMatchesDiffusers) {
    PIXART_REQUIRE_SHARED();
    torch::NoGradGuard no_grad;
    auto& vae = tiny_vae();
    const std::string c = GetParam() + ".";

    // z is what the pipeline passes: latents / scaling_factor.
    EXPECT_CLOSE_REL(vae_golden(c + "latents") / vae->config().scaling_factor, vae_golden(c + "z"),
                     1e-7);

    // Each stage is fed the golden input of that stage, so an error points at one block.
    EXPECT_CLOSE_REL(vae->post_quant_conv(vae_golden(c + "z")),
                     vae_golden(c + "post_quant_conv_out"), kComponentTolerance);
    auto& decoder = vae->decoder;
    EXPECT_CLOSE_REL(decoder->conv_in(vae_golden(c + "post_quant_conv_out")),
                     vae_golden(c + "conv_in_out"), kComponentTolerance);
    EXPECT_CLOSE_REL(decoder->mid_block(vae_golden(c + "conv_in_out")),
                     vae_golden(c + "mid_block_out"), kComponentTolerance);
    std::string previous = c + "mid_block_out";
    ASSERT_EQ(decoder->up_blocks.size(), 4u);
    for (size_t i = 0; i < decoder->up_blocks.size(); ++i) {
        const std::string name = c + "up_block_out." + std::to_string(i);
        EXPECT_CLOSE_REL(decoder->up_blocks[i](vae_golden(previous)), vae_golden(name),
                         kComponentTolerance)
            << name;
        previous = name;
    }

    // End to end.
    const auto image = vae->decode(vae_golden(c + "z"));
    EXPECT_EQ(image.scalar_type(), torch::kFloat32);
    EXPECT_CLOSE_REL(image, vae_golden(c + "image_raw"), kComponentTolerance);
    EXPECT_CLOSE_REL((image / 2 + 0.5).clamp(0, 1), vae_golden(c + "image_pt"),
                     kComponentTolerance);
    std::cout << "[ vae " << GetParam() << " ] image_raw relative L2 "
              << relative_l2(image, vae_golden(c + "image_raw")) << '\n';
}

INSTANTIATE_TEST_SUITE_P(Cases, VaeGolden, ::testing::Values("sq", "nonsq"));

// Turns the core's fused attention kernel off for one attention module while in scope.
class BatchedAttentionOnly {
  public:
    explicit BatchedAttentionOnly(pixart::VaeAttention attention)
        : attention_(std::move(attention)) {
        attention_->use_fused_kernel = false;
    }
    ~BatchedAttentionOnly() { attention_->use_fused_kernel = true; }
    BatchedAttentionOnly(const BatchedAttentionOnly&) = delete;
    BatchedAttentionOnly& operator=(const BatchedAttentionOnly&) = delete;

  private:
    pixart::VaeAttention attention_;
};

TEST(AutoencoderKL, ChunkedAttentionEqualsOneBlock) {
    PIXART_REQUIRE_SHARED();
    torch::NoGradGuard no_grad;
    // 80x80 = 6400 positions: above kMaxScoreElements / 6400 rows, so the queries run in 2 chunks
    // (diffusers' batched path; the fused kernel has no such chunks).
    auto attention = tiny_vae()->decoder->mid_block->attentions.at(0);
    const BatchedAttentionOnly batched(attention);
    const auto x = torch::randn({1, 32, 80, 80});
    const auto tokens = int64_t{80 * 80};
    ASSERT_LT(pixart::VaeAttentionImpl::kMaxScoreElements / tokens, tokens);

    auto n = attention->group_norm(x).view({1, 32, tokens}).transpose(1, 2);  // [1, HW, C]
    auto scores = torch::matmul(attention->to_q(n), attention->to_k(n).transpose(1, 2)) /
                  std::sqrt(32.0);  // [1, HW, HW]
    auto reference = attention->to_out->ptr<torch::nn::LinearImpl>(0)->forward(
        torch::matmul(torch::softmax(scores, -1), attention->to_v(n)));
    reference = reference.transpose(1, 2).reshape({1, 32, 80, 80}) + x;
    EXPECT_CLOSE_REL(attention(x), reference, 1e-5);
}

// The core's fused CPU kernel, where it runs, against diffusers' baddbmm + softmax + bmm: the
// tiny VAE's head of 32 and the real VAE's one head of 512 (split between two threads).
TEST(AutoencoderKL, FusedAttentionKernelEqualsBatched) {
    torch::NoGradGuard no_grad;
    if (!pixart::cpu_attention::best_attention_kernel())
        GTEST_SKIP() << "this CPU has neither AVX-512 nor AVX2: attention stays batched";
    at::set_num_threads(2);
    for (const int64_t channels : {32, 512}) {
        torch::manual_seed(channels);
        pixart::VaeAttention attention(channels, 32, 1e-6);
        const auto x = torch::randn({1, channels, 24, 20});
        torch::Tensor batched;
        {
            const BatchedAttentionOnly only(attention);
            batched = attention(x);
        }
        EXPECT_CLOSE_REL(attention(x), batched, 1e-6) << channels << " channels";
    }
}

TEST(AutoencoderKL, TiledAgreesWithExactDecode) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    const auto z = seeded_latents(1, 64, 64, 4242);  // 512x512 image
    const auto exact = vae->decode(z);
    auto tiled_error = [&](int tile, int overlap) {
        TiledDecodeOptions options;
        options.tile_latent = tile;
        options.overlap_latent = overlap;
        const auto tiled = vae->decode_tiled(z, options);
        EXPECT_EQ(tiled.sizes(), exact.sizes());
        const double error = relative_l2(tiled, exact);
        std::cout << "[ vae tiled 64x64 latent, tile " << tile << " overlap " << overlap
                  << " ] relative L2 " << error << ", max abs "
                  << pixart::test::max_abs_diff(tiled, exact) << '\n';
        return error;
    };
    // 3x3 tiles of 32 at 0/16/32 (measured 0.054) and 2x2 tiles of 48 at 0/16 (measured 0.028):
    // the error comes from per-tile statistics, so it shrinks as tiles grow.
    const double small_tiles = tiled_error(32, 8);
    const double large_tiles = tiled_error(48, 16);
    EXPECT_LE(small_tiles, kSmallTileTolerance);
    EXPECT_LE(large_tiles, kLargeTileTolerance);
    EXPECT_LT(large_tiles, small_tiles);
}

TEST(AutoencoderKL, OneTileIsTheExactDecode) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    const auto z = seeded_latents(1, 12, 20, 7);
    EXPECT_TENSOR_EQ(vae->decode_tiled(z), vae->decode(z));
}

TEST(AutoencoderKL, BigLatentDecodesTiled) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    // 136x128 latent -> 1088x1024 image; odd tile layout on the rows (3 tiles, uneven overlaps).
    const auto z = seeded_latents(1, 136, 128, 99);
    TiledDecodeOptions options;
    options.tile_latent = 64;
    options.overlap_latent = 16;
    ASSERT_TRUE(TiledDecodeOptions{}.should_tile(136, 128));
    const auto image = vae->decode_tiled(z, options);
    ASSERT_EQ(image.sizes(), (torch::IntArrayRef{1, 3, 1088, 1024}));
    EXPECT_TRUE(torch::isfinite(image).all().item<bool>());
    // Away from the seams, a tile's interior is what the exact decode of that window gives.
    // (Rows start at 0, 36, 72 and columns at 0, 32, 64: the first tile alone covers 256x256 px.)
    const auto corner = vae->decode(z.narrow(2, 0, 64).narrow(3, 0, 64).contiguous());
    EXPECT_TENSOR_EQ(image.narrow(2, 0, 256).narrow(3, 0, 256),
                     corner.narrow(2, 0, 256).narrow(3, 0, 256));
}

TEST(AutoencoderKL, NotInOnePieceAbove512x512) {
    const TiledDecodeOptions options;
    EXPECT_FALSE(options.should_tile(64, 64));   // 512x512: the untiled decode (the goldens)
    EXPECT_FALSE(options.should_tile(32, 128));  // 256x1024, a 512-bin aspect ratio
    EXPECT_TRUE(options.should_tile(128, 128));  // 1024x1024: banded, exact
    EXPECT_TRUE(options.banded);
    EXPECT_TRUE(options.should_tile(256, 256));  // 2048x2048
    EXPECT_TRUE(options.should_tile(512, 512));  // 4096x4096
}

TEST(AutoencoderKL, RejectsMalformedLatents) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    auto expect_invalid = [&](const torch::Tensor& z) {
        try {
            vae->decode(z);
            ADD_FAILURE() << "no error for " << z.sizes();
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument) << e.what();
        }
    };
    expect_invalid(torch::zeros({1, 3, 8, 8}));  // wrong channel count
    expect_invalid(torch::zeros({4, 8, 8}));     // no batch dimension
    expect_invalid(torch::zeros({1, 4, 0, 8}));  // empty
    expect_invalid(torch::zeros({1, 4, 8, 8}, torch::kInt64));
    try {
        vae->decode_tiled(torch::zeros({1, 5, 8, 8}));
        ADD_FAILURE() << "decode_tiled accepted 5 channels";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    }
    TiledDecodeOptions bad;
    bad.tile_latent = 16;
    bad.overlap_latent = 16;
    try {
        vae->decode_tiled(torch::zeros({1, 4, 40, 40}), bad);
        ADD_FAILURE() << "decode_tiled accepted overlap == tile";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    }
}

TEST(AutoencoderKL, LoaderReportsMissingFolder) {
    try {
        pixart::load_autoencoder_kl("/nonexistent/vae");
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
    }
}
