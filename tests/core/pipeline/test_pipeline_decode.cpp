// How a generation decodes above the untiled size: in bands, equal to the untiled decode of the
// same latents; in tiles under the low-memory measures (tiny model; the size limit lowered so a
// 512x512 job is "large").
#include <gtest/gtest.h>

#include <limits>

#include "api/errors.h"
#include "loading/model_folder.h"
#include "pipeline/generation_memory.h"
#include "pipeline/latent_decoding.h"
#include "pipeline/model_components.h"
#include "pipeline/pixart_sigma_pipeline.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

using namespace pixart;

namespace {

GenerationRequest small_request() {
    GenerationRequest request;
    request.prompts = {"a harbour in the rain, etching"};
    request.steps = 1;
    request.guidance_scale = 1.0;
    request.width = 512;
    request.height = 512;
    request.resolution_binning = false;
    request.seed = 31;
    return request;
}

// The generated image and the untiled decode of the same final latents, postprocessed alike.
std::pair<torch::Tensor, torch::Tensor> image_and_untiled(const PipelineOptions& options) {
    ModelComponents components(ModelFolder::open(test::tiny_model_dir()), options);
    PixArtSigmaPipeline pipeline(components);
    GenerationTrace trace;
    const auto image = pipeline.run(small_request(), {}, nullptr, &trace);
    const auto z = trace.final_latents / components.vae_config().scaling_factor;
    const auto untiled = (components.vae()->decode(z) / 2 + 0.5).clamp(0, 1);
    return {image, untiled};
}

PipelineOptions large_above(int64_t latent_area) {
    PipelineOptions options;
    options.tiled_decode.max_untiled_latent_area = latent_area;
    return options;
}

// Banded above 128x128 pixels, in bands of 64 KiB: a 512x512 job decodes in many bands.
PipelineOptions in_small_bands() {
    auto options = large_above(16 * 16);
    options.banded_decode.band_bytes = 64 << 10;
    return options;
}

}  // namespace

TEST(PipelineDecode, LargeImagesAreDecodedExactlyInBands) {
    PIXART_REQUIRE_SHARED();
    auto options = large_above(16 * 16);
    options.banded_decode.band_bytes = 64 << 10;  // many bands even at this size
    const auto [image, untiled] = image_and_untiled(options);
    EXPECT_CLOSE_REL(image, untiled, 1e-5);
}

TEST(PipelineDecode, TheLowMemoryMeasuresDecodeInTiles) {
    PIXART_REQUIRE_SHARED();
    auto options = large_above(16 * 16);
    options.apply_low_memory();  // 48-cell tiles above 48x48 cells: a 64x64 latent is tiled
    const auto [image, untiled] = image_and_untiled(options);
    EXPECT_GT(test::relative_l2(image, untiled), 1e-3);
}

TEST(PipelineDecode, AnUnwritableSpillFolderFallsBackToTiles) {
    PIXART_REQUIRE_SHARED();
    // Nothing may stay in memory and the spill folder does not exist: the banded decode cannot
    // start, and the job still gets its image, from the default tiles.
    auto options = large_above(16 * 16);
    options.tiled_decode.tile_latent = 32;
    options.tiled_decode.overlap_latent = 8;
    options.banded_decode.spill_directory = "/nonexistent/pixart-spill";
    ModelComponents components(ModelFolder::open(test::tiny_model_dir()), options);
    auto& vae = *components.vae();
    const auto z = torch::randn({1, 4, 64, 64});
    auto bands = options.banded_decode;
    bands.resident_activation_bytes = 0;
    const auto image = decode_latents(vae, z, options.tiled_decode, bands);
    EXPECT_TENSOR_EQ(image, vae.decode_tiled(z, options.tiled_decode));
}

TEST(PipelineDecode, TheBandedDecodeKeepsWhatThePlanLeavesInMemory) {
    PIXART_REQUIRE_SHARED();
    ModelComponents components(ModelFolder::open(test::tiny_model_dir()), large_above(16 * 16));
    ResolvedSize size;
    size.width = size.generated_width = 512;
    size.height = size.generated_height = 512;
    const auto planned = banded_decode_planned_resident_bytes(components, size);
    EXPECT_GT(planned, 0);
    MemoryPlan plan;
    plan.budget.bytes = std::int64_t{8} << 30;
    plan.stages = {{"denoising", std::int64_t{7} << 30, ""},
                   {"decoding", std::int64_t{5} << 30, ""}};
    // 8 GiB of budget, 5 GiB planned for decoding, the headroom kept: the rest is added.
    EXPECT_EQ(banded_decode_resident_bytes(components, size, plan),
              planned + (std::int64_t{3} << 30) - kMemoryHeadroom);
    plan.stages[1].bytes = std::int64_t{9} << 30;  // over: only the planned part
    EXPECT_EQ(banded_decode_resident_bytes(components, size, plan), planned);
    plan.budget.bytes = std::numeric_limits<std::int64_t>::max();  // no limit readable
    plan.stages.clear();
    EXPECT_GT(banded_decode_resident_bytes(components, size, plan), std::int64_t{1} << 62);
}

TEST(PipelineDecode, ACancelDuringTheBandedDecodeStopsIt) {
    PIXART_REQUIRE_SHARED();
    ModelComponents components(ModelFolder::open(test::tiny_model_dir()), in_small_bands());
    PixArtSigmaPipeline pipeline(components);
    // Cancelled as decoding starts: only the banded decode's own checks can see it.
    CancelToken cancel;
    GenerationCallbacks callbacks;
    callbacks.on_stage = [&](Stage stage) {
        if (stage == Stage::Decoding) cancel.cancel();
    };
    EXPECT_THROW(pipeline.run(small_request(), callbacks, &cancel), Cancelled);
    // The next job runs as usual.
    cancel.reset();
    const auto image = pipeline.run(small_request(), {}, &cancel);
    EXPECT_EQ(image.size(3), 512);
}

TEST(PipelineDecode, TheBandedDecodeReportsItsBands) {
    PIXART_REQUIRE_SHARED();
    ModelComponents components(ModelFolder::open(test::tiny_model_dir()), in_small_bands());
    PixArtSigmaPipeline pipeline(components);
    std::vector<DecodeProgress> reports;
    GenerationCallbacks callbacks;
    callbacks.on_decode = [&](const DecodeProgress& p) { reports.push_back(p); };
    pipeline.run(small_request(), callbacks, nullptr);
    ASSERT_GT(reports.size(), 10u);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        EXPECT_EQ(reports[i].bands_done, static_cast<std::int64_t>(i));
        EXPECT_EQ(reports[i].bands_total, static_cast<std::int64_t>(reports.size()));
    }
}
