// The exact banded decode (issue 16, item 3): equal to the untiled decode and to diffusers within
// float rounding whatever the band height, one sample at a time, with activations in memory or
// memory-mapped; and the pieces it is built from (GroupStatistics, ActivationStore).
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <limits>
#include <string>

#include "api/errors.h"
#include "memory/activation_store.h"
#include "memory/model_memory.h"
#include "models/vae/autoencoder_kl.h"
#include "models/vae/banded_vae_decoder.h"
#include "models/vae/group_statistics.h"
#include "models/vae/windowed_attention.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"
#include "support/tiny_vae.h"

using pixart::AutoencoderKL;
using pixart::BandedDecodeOptions;
using pixart::Error;
using pixart::ErrorKind;
using pixart::GroupStatistics;
using pixart::test::golden_tensor;
using pixart::test::relative_l2;
using pixart::test::seeded_latents;
using pixart::test::tiny_vae;

namespace {

// The bound for the banded decode against the untiled one (relative L2 of the image);
// the golden comparison uses the component tolerance of test_autoencoder_kl.
constexpr double kExactTolerance = 1e-5;

// Bands of `rows` rows of the tiny decoder's widest layer at `width` pixels (float32).
BandedDecodeOptions bands_of(int64_t rows, int64_t channels, int64_t width) {
    BandedDecodeOptions options;
    options.band_bytes = rows * channels * width * 4;
    return options;
}

}  // namespace

TEST(BandedVaeDecode, MatchesDiffusersAndTheUntiledDecode) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    const int64_t widest = vae->config().block_out_channels.back();
    for (const std::string c : {"sq", "nonsq"}) {
        const auto z = golden_tensor("vae.safetensors", c + ".z");
        const auto untiled = vae->decode(z);
        // One row per band (every band has a halo on both sides), 3 rows (bands that end
        // between the rows an upsampler doubles), and one band for the whole image.
        for (const int64_t rows : {int64_t{1}, int64_t{3}, int64_t{1} << 20}) {
            const auto banded = vae->decode_banded(z, bands_of(rows, widest, z.size(3) * 8));
            ASSERT_EQ(banded.sizes(), untiled.sizes());
            const double error = relative_l2(banded, untiled);
            std::cout << "[ banded " << c << ", " << rows << "-row bands ] relative L2 " << error
                      << " vs untiled, max abs " << pixart::test::max_abs_diff(banded, untiled)
                      << '\n';
            EXPECT_LE(error, kExactTolerance) << c << " " << rows;
            EXPECT_CLOSE_REL(banded, golden_tensor("vae.safetensors", c + ".image_raw"), 1e-5);
        }
    }
}

TEST(BandedVaeDecode, EachSampleIsDecodedWithItsOwnStatistics) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    // Two different samples, 256x320 px: GroupNorm statistics are per sample, so a batch must
    // give each what it gives alone.
    const auto z = seeded_latents(2, 32, 40, 11);
    const auto banded = vae->decode_banded(z, bands_of(5, 64, 320));
    for (int64_t i = 0; i < 2; ++i) {
        const auto alone = vae->decode(z.narrow(0, i, 1));
        EXPECT_LE(relative_l2(banded.narrow(0, i, 1), alone), kExactTolerance) << i;
    }
    // The tiled decode of the same latent with small tiles is visibly different: the banded
    // one is not a tiled decode in disguise.
    pixart::TiledDecodeOptions tiles;
    tiles.tile_latent = 16;
    tiles.overlap_latent = 4;
    EXPECT_GT(relative_l2(vae->decode_tiled(z, tiles), banded), 100 * kExactTolerance);
}

TEST(BandedVaeDecode, SpilledActivationsGiveTheSameImage) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    const auto z = seeded_latents(1, 24, 24, 5);
    const auto directory = std::filesystem::temp_directory_path() / "pixart-banded-spill-test";
    std::filesystem::create_directories(directory);
    auto options = bands_of(4, 64, 192);
    options.resident_activation_bytes = 0;  // every whole activation memory-mapped from a file
    options.spill_directory = directory.string();
    torch::NoGradGuard no_grad;
    pixart::BandedVaeDecoder banded(*vae->decoder, options);
    const auto image = banded.decode(vae->post_quant_conv(z));
    EXPECT_GT(banded.peak_spilled_bytes(), 0);
    EXPECT_LE(relative_l2(image, vae->decode(z)), kExactTolerance);
    // The files were unlinked as soon as they were made: nothing is left behind.
    EXPECT_TRUE(std::filesystem::is_empty(directory));

    // decode_banded reports the same figure; nothing spills under an unlimited budget.
    pixart::BandedDecodeStats stats;
    vae->decode_banded(z, options, &stats);
    EXPECT_EQ(stats.peak_spilled_bytes, banded.peak_spilled_bytes());
    options.resident_activation_bytes = std::numeric_limits<int64_t>::max();
    pixart::BandedDecodeStats resident;
    vae->decode_banded(z, options, &resident);
    EXPECT_EQ(resident.peak_spilled_bytes, 0);
    std::filesystem::remove_all(directory);
}

TEST(BandedVaeDecode, ItsWholeActivationsAreWhatTheMemoryPlanPredicts) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    torch::NoGradGuard no_grad;
    for (const auto& [h, w] : {std::pair<int64_t, int64_t>{24, 40}, {17, 9}}) {
        pixart::BandedVaeDecoder banded(*vae->decoder, bands_of(4, 32, w * 8));
        banded.decode(vae->post_quant_conv(seeded_latents(1, h, w, 2)));
        EXPECT_EQ(banded.peak_whole_bytes(),
                  pixart::model_memory::banded_decode_whole_bytes(
                      vae->config(), static_cast<int>(w * 8), static_cast<int>(h * 8), 4))
            << h << "x" << w;
    }
}

TEST(BandedVaeDecode, StopsBetweenBandsWhenAskedTo) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    const auto z = seeded_latents(1, 16, 16, 3);
    auto options = bands_of(2, 32, 128);
    int bands = 0;
    int64_t reported_total = 0;
    options.before_band = [&](int64_t done, int64_t total) {
        EXPECT_EQ(done, bands);  // 0, 1, 2, … of the same total
        if (bands == 0) reported_total = total;
        EXPECT_EQ(total, reported_total);
        ++bands;
    };
    const auto whole = vae->decode_banded(z, options);
    const int all = bands;
    EXPECT_GT(all, 40);              // 2-row bands through every pass
    EXPECT_EQ(reported_total, all);  // the total said at the start is the count run
    // Two samples: one count across both.
    bands = 0;
    vae->decode_banded(torch::cat({z, z}), options);
    EXPECT_EQ(bands, 2 * all);
    EXPECT_EQ(reported_total, 2 * all);
    // A cancel half-way: the error comes out of the decode, which leaves nothing behind.
    bands = 0;
    options.before_band = [&](int64_t, int64_t) {
        if (++bands == all / 2) throw pixart::Cancelled();
    };
    EXPECT_THROW(vae->decode_banded(z, options), pixart::Cancelled);
    EXPECT_EQ(bands, all / 2);
    options.before_band = nullptr;
    EXPECT_TENSOR_EQ(vae->decode_banded(z, options), whole);  // and the decoder is as it was
}

TEST(BandedVaeDecode, AnUnusableSpillFolderIsAnIoError) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    BandedDecodeOptions options;
    options.resident_activation_bytes = 0;
    options.spill_directory = "/nonexistent/pixart-spill";
    try {
        vae->decode_banded(seeded_latents(1, 8, 8, 1), options);
        ADD_FAILURE() << "decoded without a place for its activations";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Io);
        EXPECT_NE(std::string(e.what()).find("/nonexistent/pixart-spill"), std::string::npos)
            << e.what();
    }
    options.band_bytes = 0;
    try {
        vae->decode_banded(seeded_latents(1, 8, 8, 1), options);
        ADD_FAILURE() << "accepted empty bands";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    }
}

TEST(BandedVaeDecode, WindowedAttentionIsTheOneApproximation) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_vae();
    const auto z = seeded_latents(1, 64, 64, 4242);  // 512x512, as TiledAgreesWithExactDecode
    const auto untiled = vae->decode(z);
    // Windows of 32 latent cells overlapping by 8 for the attention only, against tiles of the
    // same size for everything: the GroupNorms and convolutions stay exact, so the banded
    // decode is much closer to the untiled one than the tiled decode (measured 0.054 there).
    auto options = bands_of(8, 64, 512);
    options.max_global_attention_tokens = 32 * 32;
    options.attention_window = 32;
    options.attention_overlap = 8;
    ASSERT_FALSE(options.exact(64, 64));
    const auto windowed = vae->decode_banded(z, options);
    pixart::TiledDecodeOptions tiles;
    tiles.tile_latent = 32;
    tiles.overlap_latent = 8;
    const double windowed_error = relative_l2(windowed, untiled);
    const double tiled_error = relative_l2(vae->decode_tiled(z, tiles), untiled);
    std::cout << "[ 64x64 latent, 32-cell windows ] banded with windowed attention: relative L2 "
              << windowed_error << "; tiled: " << tiled_error << '\n';
    EXPECT_GT(windowed_error, kExactTolerance);  // the windows do change the image
    EXPECT_LT(windowed_error, tiled_error / 4);
}

TEST(WindowedAttention, WindowsAreAttendedAloneAndCrossFaded) {
    PIXART_REQUIRE_SHARED();
    torch::NoGradGuard no_grad;
    auto& attention = *tiny_vae()->decoder->mid_block->attentions.at(0);
    torch::manual_seed(8);
    const auto x = torch::randn({1, 32, 40, 40});  // the tiny mid block has 32 channels
    // One window covering the latent: the global attention, bit for bit.
    EXPECT_TENSOR_EQ(pixart::windowed_vae_attention(attention, x, 40, 8), attention.forward(x));
    // Windows of 24 overlapping by 8 start at 0 and 16 on each axis: the top-left 16x16 cells
    // are seen by the first window only, so there the result is that window's attention (of the
    // whole image's normalised input) plus the residual.
    const auto windowed = pixart::windowed_vae_attention(attention, x, 24, 8);
    const auto normed = attention.group_norm(x);
    const auto first = attention.attend(normed.narrow(2, 0, 24).narrow(3, 0, 24)) +
                       x.narrow(2, 0, 24).narrow(3, 0, 24);
    EXPECT_CLOSE_REL(windowed.narrow(2, 0, 16).narrow(3, 0, 16),
                     first.narrow(2, 0, 16).narrow(3, 0, 16), 1e-6);
    EXPECT_GT(relative_l2(windowed, attention.forward(x)), 1e-4);
}

TEST(GroupStatistics, BandsGiveTheNormOfTheWhole) {
    torch::manual_seed(3);
    torch::nn::GroupNorm norm(torch::nn::GroupNormOptions(4, 8).eps(1e-6));
    torch::NoGradGuard no_grad;
    norm->weight.uniform_(0.5, 1.5);
    norm->bias.uniform_(-1, 1);
    // A large common offset, as activations after a residual may have: the variance must not
    // cancel away.
    const auto x = torch::randn({1, 8, 37, 29}) * 0.01 + 1000.0;
    GroupStatistics stats(4);
    for (int64_t start = 0; start < 37; start += 5) {
        stats.add(x.narrow(2, start, std::min<int64_t>(5, 37 - start)));
    }
    EXPECT_EQ(stats.count(), 2 * 37 * 29);
    // Scale and shift in doubles, so only the statistics are under test (in float32, a shift of
    // ~1e5 alone rounds by ~1e-2, in torch's own group_norm kernel as here).
    const auto [scale, shift] = stats.affine(*norm, torch::kFloat64);
    const auto x64 = x.to(torch::kFloat64);
    const auto reference = torch::group_norm(x64, 4, norm->weight.to(torch::kFloat64),
                                             norm->bias.to(torch::kFloat64), 1e-6);
    EXPECT_CLOSE_REL(x64 * scale + shift, reference, 1e-6);
    // A norm of another shape is refused rather than applied with the wrong numbers.
    torch::nn::GroupNorm other(torch::nn::GroupNormOptions(2, 8));
    EXPECT_THROW(stats.affine(*other, torch::kFloat32), Error);
    EXPECT_THROW(GroupStatistics(4).affine(*norm, torch::kFloat32), Error);
}

TEST(ActivationStore, KeepsToItsBudgetAndGivesBytesBack) {
    pixart::memory::ActivationStore store(1 << 20, "");
    const auto options = torch::TensorOptions().dtype(torch::kFloat32);
    {
        auto resident = store.allocate({1, 64, 32, 64}, options);  // 512 KiB
        EXPECT_EQ(store.resident_bytes(), 512 << 10);
        auto spilled = store.allocate({1, 64, 64, 64}, options);  // 1 MiB: over the budget
        EXPECT_EQ(store.spilled_bytes(), 1 << 20);
        spilled.fill_(2.0f);
        resident.fill_(1.0f);
        EXPECT_EQ(spilled.sum().item<float>(), 2.0f * 64 * 64 * 64);
        EXPECT_EQ(resident.sum().item<float>(), 64.0f * 32 * 64);
    }
    EXPECT_EQ(store.resident_bytes(), 0);
    EXPECT_EQ(store.spilled_bytes(), 0);
    EXPECT_EQ(store.peak_spilled_bytes(), 1 << 20);
}
