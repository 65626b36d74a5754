// Parameter counts from configs alone equal the modules built from the same configs (tiny and
// true size), and the activation estimates behave as the plan relies on.
#include "memory/model_memory.h"

#include <gtest/gtest.h>

#include "config/t5_config.h"
#include "config/transformer_config.h"
#include "config/vae_config.h"
#include "models/t5/t5_block.h"
#include "models/t5/t5_encoder.h"
#include "models/transformer/pixart_transformer_2d.h"
#include "models/vae/autoencoder_kl.h"
#include "models/vae/vae_image_encoder.h"
#include "support/shared_data.h"

namespace mm = pixart::model_memory;

namespace {

template <typename Module>
std::int64_t parameter_count(Module& module) {
    std::int64_t n = 0;
    for (const auto& p : module->parameters()) n += p.numel();
    return n;
}

std::string configs() { return pixart::test::shared_dir() + "/models/configs"; }
std::string tiny() { return pixart::test::tiny_model_dir(); }

TEST(ModelMemory, T5ParametersEqualTheModule) {
    PIXART_REQUIRE_SHARED();
    auto tiny_config = pixart::T5Config::from_file(tiny() + "/text_encoder/config.json");
    pixart::T5Encoder tiny_model(tiny_config);
    EXPECT_EQ(mm::t5_parameters(tiny_config), parameter_count(tiny_model));

    // True width, one block (weights only allocated, never touched: no memory is used).
    auto xxl = pixart::T5Config::from_file(configs() + "/text_encoder_config.json");
    EXPECT_EQ(mm::t5_parameters(xxl), 4762310656);  // the hub's 4.76 B, PRODUCT.md
    xxl.num_layers = 1;
    pixart::T5Encoder one_block(xxl);
    EXPECT_EQ(mm::t5_parameters(xxl), parameter_count(one_block));
    EXPECT_EQ(mm::t5_block_parameters(xxl) + 32128LL * 4096 + 32 * 64 + 4096,
              parameter_count(one_block));
    // The streamed encoder holds half a block at a time: the feed-forward half is the larger.
    std::int64_t halves[2] = {0, 0};
    pixart::T5Block block(xxl, false, torch::kFloat32);
    for (const auto& p : block->named_parameters())
        halves[p.key().rfind("layer.1.", 0) == 0 ? 1 : 0] += p.value().numel();
    EXPECT_EQ(mm::t5_largest_half_block_parameters(xxl), std::max(halves[0], halves[1]));
    EXPECT_EQ(halves[0] + halves[1], mm::t5_block_parameters(xxl));
}

TEST(ModelMemory, TransformerParametersEqualTheModule) {
    PIXART_REQUIRE_SHARED();
    const auto tiny_config =
        pixart::TransformerConfig::from_file(tiny() + "/transformer/config.json");
    pixart::PixArtTransformer2DModel tiny_model(tiny_config);
    EXPECT_EQ(mm::transformer_parameters(tiny_config), parameter_count(tiny_model));
    auto xl = pixart::TransformerConfig::from_file(
        configs() + "/transformer_config_PixArt-Sigma-XL-2-1024-MS.json");
    xl.num_layers = 2;  // blocks are identical; two keep the test light
    pixart::PixArtTransformer2DModel two_blocks(xl);
    EXPECT_EQ(mm::transformer_parameters(xl), parameter_count(two_blocks));
}

TEST(ModelMemory, VaeDecoderParametersEqualTheModule) {
    PIXART_REQUIRE_SHARED();
    for (const auto& path : {tiny() + "/vae/config.json", configs() + "/vae_config.json"}) {
        const auto config = pixart::VaeConfig::from_file(path);
        pixart::AutoencoderKL model(config);
        EXPECT_EQ(mm::vae_decoder_parameters(config), parameter_count(model)) << path;
        // The encoder half, as image-to-image loads it.
        pixart::VaeImageEncoder encoder(config);
        EXPECT_EQ(mm::vae_encoder_parameters(config), parameter_count(encoder)) << path;
    }
}

TEST(ModelMemory, DecodeActivationsAreBoundedByTiles) {
    pixart::TiledDecodeOptions defaults;
    pixart::TiledDecodeOptions small;
    small.tile_latent = 48;
    small.overlap_latent = 8;
    small.max_untiled_latent_area = 48 * 48;
    const auto exact_1024 = mm::decode_activation_bytes(1024, 1024, 1, 8, defaults, 4);
    const auto tiled_4096 = mm::decode_activation_bytes(4096, 4096, 1, 8, defaults, 4);
    const auto small_1024 = mm::decode_activation_bytes(1024, 1024, 1, 8, small, 4);
    EXPECT_GT(exact_1024, std::int64_t{3} << 30);
    // Beyond 1024² the decode is tiled: only the output images (3 float copies) grow.
    EXPECT_EQ(tiled_4096 - exact_1024, 36 * (4096LL * 4096 - 1024LL * 1024));
    EXPECT_LT(small_1024, exact_1024 / 4);
    EXPECT_EQ(mm::decode_activation_bytes(1024, 1024, 2, 8, defaults, 4), 2 * exact_1024);
}

TEST(ModelMemory, DenoiseActivationsGrowWithTokensAndBatch) {
    const pixart::TransformerConfig c;  // the 1024-MS defaults
    const auto a256 = mm::denoise_activation_bytes(c, 256, 256, 2, 300, 4);
    const auto a1024 = mm::denoise_activation_bytes(c, 1024, 1024, 2, 300, 4);
    const auto b1024 = mm::denoise_activation_bytes(c, 1024, 1024, 4, 300, 4);
    EXPECT_LT(a256, a1024);
    EXPECT_LT(a1024, b1024);
    // Chunked attention: scores never exceed 2 x 256 MiB whatever the size.
    EXPECT_LT(mm::denoise_activation_bytes(c, 2048, 2048, 2, 300, 4) - 16LL * 2 * 16384 * 1152 * 4 -
                  2LL * 28 * 2 * 300 * 1152 * 4,
              (std::int64_t{512} << 20) + 1);
}

}  // namespace
