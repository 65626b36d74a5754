// The 2K checkpoint family (transformer sample_size 256) generates at its 2048-px bins: the tiny
// model re-configured as a 2K model (sample_size 256, interpolation_scale 4, like
// PixArt-Sigma-XL-2-2K-MS) runs end to end at a 2048-table bin.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "api/aspect_ratios.h"
#include "loading/model_folder.h"
#include "pipeline/model_components.h"
#include "pipeline/pixart_sigma_pipeline.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace fs = std::filesystem;
using namespace pixart;

namespace {

// A copy of the tiny model whose transformer config says 2K (the weights do not depend on the
// sample size: the position embedding is computed, not stored).
std::string make_tiny_2k_model(const test::TempDir& dir) {
    const fs::path target = fs::path(dir.path()) / "tiny-2k";
    fs::create_directories(target);
    for (const auto& entry : fs::directory_iterator(test::tiny_model_dir())) {
        fs::create_directory_symlink(entry.path(), target / entry.path().filename());
    }
    fs::remove(target / "transformer");
    fs::create_directories(target / "transformer");
    fs::create_symlink(
        fs::path(test::tiny_model_dir()) / "transformer" / "diffusion_pytorch_model.safetensors",
        target / "transformer" / "diffusion_pytorch_model.safetensors");
    std::ifstream in(fs::path(test::tiny_model_dir()) / "transformer" / "config.json");
    auto config = nlohmann::json::parse(in);
    config["sample_size"] = 256;
    config["interpolation_scale"] = 4;
    std::ofstream(target / "transformer" / "config.json") << config.dump(2);
    return target.string();
}

}  // namespace

TEST(Pipeline2K, GeneratesAtThe2048Bins) {
    PIXART_REQUIRE_SHARED();
    test::TempDir dir;
    ModelComponents components(ModelFolder::open(make_tiny_2k_model(dir)), PipelineOptions{});
    PixArtSigmaPipeline pipeline(components);

    GenerationRequest request;
    request.prompts = {"a lighthouse at dusk, poster"};
    request.steps = 1;
    request.guidance_scale = 1.0;  // no CFG: keep the test to one transformer pass
    request.width = 1800;          // off-bin: binned to the 2048 table's 4:3-ish entry
    request.height = 1200;
    const ResolvedSize size = pipeline.check_inputs(request);
    const auto bin = nearest_aspect_ratio_bin(256, 1200, 1800);
    EXPECT_EQ(size.generated_width, bin.width);
    EXPECT_EQ(size.generated_height, bin.height);
    EXPECT_GE(bin.width * bin.height, 2048 * 2048 * 9 / 10);  // a 2K-class bin, not a 1024 one

    const auto image = pipeline.run(request, {}, nullptr);
    EXPECT_EQ(image.sizes(), (torch::IntArrayRef{1, 3, 1200, 1800}));  // resized + cropped back
    EXPECT_TRUE(torch::isfinite(image).all().item<bool>());
    EXPECT_GE(image.min().item<float>(), 0.0f);
    EXPECT_LE(image.max().item<float>(), 1.0f);
}
