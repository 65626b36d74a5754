// The VAE encoder (image-to-image's first half) against diffusers v0.30.3
// (golden/vae_encode.safetensors): every stage fed its golden input, the posterior, and a sample
// drawn from the seeded generator as latent_dist.sample(generator) draws it.
#include "models/vae/vae_image_encoder.h"

#include <gtest/gtest.h>

#include <string>

#include "api/errors.h"
#include "pipeline/initial_noise.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace {

using pixart::test::golden_tensor;

constexpr double kTolerance = 1e-5;  // relative L2, each stage from its golden input
// The whole encoder from the picture: rounding differences of ~20 float32 convolutions and
// norms (another summation order than PyTorch-from-Python's) add up: 1.07e-5 measured on `sq`.
constexpr double kChainTolerance = 2e-5;

pixart::VaeImageEncoder& tiny_encoder() {
    static pixart::VaeImageEncoder encoder =
        pixart::load_vae_image_encoder(pixart::test::tiny_model_dir() + "/vae");
    return encoder;
}

torch::Tensor golden(const std::string& name) {
    return golden_tensor("vae_encode.safetensors", name);
}

class VaeEncodeGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(VaeEncodeGolden, EveryStageMatchesDiffusers) {
    PIXART_REQUIRE_SHARED();
    torch::NoGradGuard no_grad;
    auto& vae = tiny_encoder();
    const std::string c = GetParam() + ".";
    auto& encoder = vae->encoder;
    EXPECT_CLOSE_REL(encoder->conv_in(golden(c + "input")), golden(c + "conv_in_out"), kTolerance);
    std::string previous = c + "conv_in_out";
    ASSERT_EQ(encoder->down_blocks.size(), 4u);
    for (std::size_t i = 0; i < encoder->down_blocks.size(); ++i) {
        const std::string name = c + "down_block_out." + std::to_string(i);
        EXPECT_CLOSE_REL(encoder->down_blocks[i](golden(previous)), golden(name), kTolerance)
            << name;
        previous = name;
    }
    EXPECT_CLOSE_REL(encoder->mid_block(golden(previous)), golden(c + "mid_block_out"), kTolerance);
    EXPECT_CLOSE_REL(encoder(golden(c + "input")), golden(c + "encoder_out"), kChainTolerance);
    EXPECT_CLOSE_REL(vae->quant_conv(golden(c + "encoder_out")), golden(c + "moments"), kTolerance);

    // The whole encode, the posterior and a seeded sample.
    const pixart::LatentPosterior posterior = vae->encode(golden(c + "input"));
    EXPECT_CLOSE_REL(posterior.mean, golden(c + "mean"), kChainTolerance);
    EXPECT_CLOSE_REL(posterior.logvar, golden(c + "logvar"), kChainTolerance);
    EXPECT_CLOSE_REL(posterior.std, golden(c + "std"), kChainTolerance);
    const std::uint64_t seed = GetParam() == "sq" ? 31 : 32;
    const torch::Tensor noise = pixart::initial_noise(posterior.mean.sizes(), seed);
    EXPECT_TENSOR_EQ(noise, golden(c + "sample_noise"));  // the generator's one draw
    EXPECT_CLOSE_REL(posterior.sample(noise), golden(c + "sample"), kChainTolerance);
    // From diffusers' own posterior, the sample is mean + std * noise to rounding.
    pixart::LatentPosterior theirs{golden(c + "mean"), golden(c + "logvar"), golden(c + "std")};
    EXPECT_CLOSE_REL(theirs.sample(golden(c + "sample_noise")), golden(c + "sample"), 1e-7);
}

INSTANTIATE_TEST_SUITE_P(Cases, VaeEncodeGolden, ::testing::Values("sq", "nonsq"));

TEST(VaeImageEncoder, RejectsMalformedPixels) {
    PIXART_REQUIRE_SHARED();
    auto& vae = tiny_encoder();
    EXPECT_THROW(vae->encode(torch::zeros({1, 4, 16, 16})), pixart::Error);  // 4 channels
    EXPECT_THROW(vae->encode(torch::zeros({3, 16, 16})), pixart::Error);     // no batch
    EXPECT_THROW(vae->encode(torch::zeros({1, 3, 0, 16})), pixart::Error);
    EXPECT_THROW(vae->encode(torch::zeros({1, 3, 16, 16}, torch::kInt64)), pixart::Error);
    EXPECT_THROW(vae->encode(torch::Tensor()), pixart::Error);
    const pixart::LatentPosterior posterior = vae->encode(torch::zeros({1, 3, 16, 24}));
    EXPECT_EQ(posterior.mean.sizes(), (std::vector<std::int64_t>{1, 4, 2, 3}));
    EXPECT_THROW(posterior.sample(torch::zeros({1, 4, 3, 2})), pixart::Error);
}

TEST(VaeImageEncoder, LoaderNamesTheMissingFolder) {
    try {
        pixart::load_vae_image_encoder("/nonexistent/vae");
        FAIL() << "no error";
    } catch (const pixart::Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/vae"), std::string::npos) << e.what();
    }
}

}  // namespace
