// Image-to-image pictures read from files: the golden PNGs give diffusers' u8 / 255 values bit for
// bit and the SHA-256 img2img.json records; "use again" finds, misses or notices a changed file.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "api/errors.h"
#include "api/generation_metadata.h"
#include "api/image_export.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace fs = std::filesystem;

namespace {

struct Case {
    const char* name;
    const char* sha256;  // img2img.json's input_png_sha256
};

const Case kCases[] = {
    {"i0_dpm_s0.3_cfg_nonsq", "0d85ed4fa6bb67cfb3626629c9f57866feb83fe066690ce4f1d032e189a1e27d"},
    {"i1_dpm_s1.0_nocfg_sq", "9a4abe1cd33718533c8408a50a2417971116170db99dcdb3deff75a032c6224c"},
    {"i2_euler_s0.6_cfg_nonsq", "30131a20d35875142f55e0cb25bc62fe3ca1c36084745b5a145f7d0894126934"},
};

std::string png_of(const Case& c) {
    return pixart::test::shared_dir() + "/golden/img2img_inputs/" + c.name + ".png";
}

TEST(InitImage, GoldenPngsReadAsDiffusersReadsThem) {
    PIXART_REQUIRE_SHARED();
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        const pixart::InitImage init = pixart::read_init_image(png_of(c));
        EXPECT_EQ(init.sha256, c.sha256);
        EXPECT_EQ(init.path, png_of(c));
        const torch::Tensor expected = pixart::test::golden_tensor(
            "img2img.safetensors", std::string(c.name) + ".input_image");
        ASSERT_EQ(init.pixels.height, expected.size(2));
        ASSERT_EQ(init.pixels.width, expected.size(3));
        const torch::Tensor ours =
            torch::from_blob(const_cast<float*>(init.pixels.pixels.data()),
                             {init.pixels.height, init.pixels.width, 3}, torch::kFloat32)
                .permute({2, 0, 1})
                .unsqueeze(0);
        EXPECT_TENSOR_EQ(ours.contiguous(), expected);  // u8 / 255.0f, not u8 * (1 / 255)
    }
}

TEST(InitImage, UseAgainFindsMissesOrNoticesAChangedPicture) {
    PIXART_REQUIRE_SHARED();
    const fs::path dir = fs::temp_directory_path() / ("pixart-init-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path copy = dir / "picture.png";
    fs::copy_file(png_of(kCases[0]), copy, fs::copy_options::overwrite_existing);

    pixart::GenerationMetadata m;
    m.prompt = "a castle";
    m.strength = 0.3;
    m.init_image = copy.string();
    m.init_image_sha256 = kCases[0].sha256;
    pixart::GenerationRequest request = pixart::request_from_metadata(m);
    EXPECT_EQ(request.strength, 0.3);
    EXPECT_EQ(request.init_image, nullptr);
    EXPECT_EQ(pixart::attach_init_image(m, request), "");
    ASSERT_NE(request.init_image, nullptr);
    EXPECT_EQ(request.init_image->pixels.width, 128);

    // Another picture under the same name: used, and the user is told.
    fs::copy_file(png_of(kCases[1]), copy, fs::copy_options::overwrite_existing);
    request = pixart::request_from_metadata(m);
    EXPECT_NE(pixart::attach_init_image(m, request).find("has changed since"), std::string::npos);
    ASSERT_NE(request.init_image, nullptr);

    // Gone: the settings come back without it, and the message says which file.
    fs::remove_all(dir);
    request = pixart::request_from_metadata(m);
    const std::string message = pixart::attach_init_image(m, request);
    EXPECT_NE(message.find(copy.string()), std::string::npos) << message;
    EXPECT_NE(message.find("restored without it"), std::string::npos) << message;
    EXPECT_EQ(request.init_image, nullptr);

    // Text-to-image metadata needs no picture.
    pixart::GenerationMetadata plain;
    request = pixart::request_from_metadata(plain);
    EXPECT_EQ(pixart::attach_init_image(plain, request), "");
}

TEST(InitImage, MetadataCarriesStrengthAndPictureBothWays) {
    pixart::GenerationMetadata m;
    m.prompt = "a castle";
    m.strength = 0.45;
    m.init_image = "/photos/castle, at night.png";
    m.init_image_sha256 = kCases[0].sha256;
    for (const auto& parsed : {pixart::parse_pixart_json(pixart::to_json(m)),
                               pixart::parse_a1111_parameters(pixart::to_a1111_parameters(m))}) {
        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(parsed->strength, 0.45);
        EXPECT_EQ(parsed->init_image, m.init_image);
        EXPECT_EQ(parsed->init_image_sha256, m.init_image_sha256);
    }
    EXPECT_NE(pixart::to_a1111_parameters(m).find("Denoising strength: 0.45"), std::string::npos);
}

}  // namespace
