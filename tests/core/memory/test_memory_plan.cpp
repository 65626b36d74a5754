// The memory plan: which plan a job gets for a given budget, the peaks it reports, and the
// refusal with numbers when nothing fits.
#include "memory/memory_plan.h"

#include <gtest/gtest.h>

namespace {

using pixart::EncoderPlacement;
using pixart::MemoryBudget;
using pixart::MemoryDemand;
using pixart::MemoryPolicy;
using pixart::plan_memory;

constexpr std::int64_t MiB = std::int64_t{1} << 20;
constexpr std::int64_t GiB = std::int64_t{1} << 30;

// The hub checkpoint at 1024x1024 (sizes as model_memory computes them for float32).
MemoryDemand hub_1024() {
    MemoryDemand d;
    d.baseline = 256 * MiB;
    d.text_encoder_resident = 19050 * MiB;
    d.text_encoder_streamed = 480 * MiB;  // the feed-forward half of a block
    d.text_encoder_activations = 140 * MiB;
    d.transformer = 2330 * MiB;
    d.denoise_activations = 1200 * MiB;
    d.vae = 189 * MiB;
    d.decode_activations = 3700 * MiB;
    d.decode_activations_low_memory = 560 * MiB;
    return d;
}

MemoryBudget budget(std::int64_t bytes) { return {bytes, "test"}; }

TEST(MemoryPlan, AutoKeepsT5ResidentOnlyWithRoomToSpare) {
    const auto roomy = plan_memory(hub_1024(), {}, budget(64 * GiB));
    EXPECT_TRUE(roomy.fits);
    EXPECT_EQ(roomy.text_encoder, EncoderPlacement::Resident);
    EXPECT_TRUE(roomy.keep_text_encoder);
    EXPECT_FALSE(roomy.low_memory);

    // 24 GB: a resident T5 (19 GB) + transformer + VAE would fit, but not with room to spare.
    const auto desktop = plan_memory(hub_1024(), {}, budget(23 * GiB));
    EXPECT_TRUE(desktop.fits);
    EXPECT_EQ(desktop.text_encoder, EncoderPlacement::Streamed);
    EXPECT_FALSE(desktop.low_memory);
    EXPECT_NE(desktop.summary().find("T5 streamed from disk"), std::string::npos);
}

TEST(MemoryPlan, TightBudgetsSwitchToTheLowMemoryMeasures) {
    // Decoding exactly at 1024² needs transformer + VAE + 3.7 GB: 6.3 GiB; 5 GiB forces tiles.
    const auto plan = plan_memory(hub_1024(), {}, budget(5 * GiB));
    EXPECT_TRUE(plan.fits);
    EXPECT_EQ(plan.text_encoder, EncoderPlacement::Streamed);
    EXPECT_TRUE(plan.low_memory);
    EXPECT_FALSE(plan.release_transformer_for_decode);
    EXPECT_LE(plan.peak.bytes + pixart::kMemoryHeadroom, 5 * GiB);

    // Four images: their tiled decode (2 GB) beside the transformer does not fit in 4.1 GiB, so
    // the transformer is freed before decoding too.
    auto batch = hub_1024();
    batch.decode_activations_low_memory = 2000 * MiB;
    const auto tighter = plan_memory(batch, {}, budget(4200 * MiB));
    EXPECT_TRUE(tighter.fits);
    EXPECT_TRUE(tighter.release_transformer_for_decode);
    EXPECT_EQ(tighter.peak.stage, "denoising");
}

TEST(MemoryPlan, NothingFitsIsRefusedWithTheNumbers) {
    const auto plan = plan_memory(hub_1024(), {}, {3 * GiB, "MemAvailable 2.9 GiB"});
    EXPECT_FALSE(plan.fits);
    const std::string why = plan.refusal();
    EXPECT_NE(why.find("denoising needs about 3.7 GiB"), std::string::npos) << why;
    EXPECT_NE(why.find("transformer 2.3 GiB"), std::string::npos) << why;
    EXPECT_NE(why.find("may use 3.0 GiB (MemAvailable 2.9 GiB)"), std::string::npos) << why;
}

TEST(MemoryPlan, AResidentT5IsRefusedRatherThanSqueezed) {
    MemoryPolicy policy;
    policy.text_encoder = MemoryPolicy::TextEncoder::Resident;
    const auto plan = plan_memory(hub_1024(), policy, budget(16 * GiB));
    EXPECT_FALSE(plan.fits);
    EXPECT_EQ(plan.peak.stage, "encoding");
    EXPECT_NE(plan.refusal().find("T5 resident 18.6 GiB"), std::string::npos) << plan.refusal();
}

TEST(MemoryPlan, StreamedIsKeptWhenAsked) {
    MemoryPolicy policy;
    policy.text_encoder = MemoryPolicy::TextEncoder::Streamed;
    const auto plan = plan_memory(hub_1024(), policy, budget(64 * GiB));
    EXPECT_EQ(plan.text_encoder, EncoderPlacement::Streamed);
    EXPECT_FALSE(plan.keep_text_encoder);
}

TEST(MemoryPlan, RandomWeightsCannotStream) {
    auto demand = hub_1024();
    demand.text_encoder_streamed = -1;
    const auto plan = plan_memory(demand, {}, budget(23 * GiB));
    EXPECT_EQ(plan.text_encoder, EncoderPlacement::Resident);
}

TEST(MemoryPlan, CachedPromptsNeedNoEncodingStage) {
    auto demand = hub_1024();
    demand.text_encoder_needed = false;
    const auto plan = plan_memory(demand, {}, budget(8 * GiB));
    EXPECT_TRUE(plan.fits);
    for (const auto& stage : plan.stages) EXPECT_NE(stage.stage, "encoding");
    EXPECT_NE(plan.summary().find("from the cache"), std::string::npos) << plan.summary();
}

TEST(MemoryPlan, ModelsKeptFromThePreviousJobCountWhileEncoding) {
    auto demand = hub_1024();
    MemoryPolicy resident;
    resident.text_encoder = MemoryPolicy::TextEncoder::Resident;
    const auto first = plan_memory(demand, resident, budget(64 * GiB));
    demand.transformer_loaded = true;
    demand.vae_loaded = true;
    const auto second = plan_memory(demand, resident, budget(64 * GiB));
    EXPECT_EQ(second.stages.front().bytes - first.stages.front().bytes,
              demand.transformer + demand.vae);
}

TEST(MemoryPlan, ImageToImagePlansItsEncodingStage) {
    // The SDXL VAE encoder (34 M parameters) and its activations at 1024²: a stage of its own,
    // after the prompt, with the transformer kept from an earlier job; none for text-to-image.
    MemoryDemand d = hub_1024();
    d.transformer_loaded = true;
    EXPECT_EQ(plan_memory(d, {}, budget(64 * GiB)).stages.size(), 3u);
    d.image_encoder = 137 * MiB;
    d.encode_activations = 3800 * MiB;
    const auto plan = plan_memory(d, {}, budget(64 * GiB));
    ASSERT_EQ(plan.stages.size(), 4u);
    EXPECT_EQ(plan.stages[1].stage, "encoding image");
    EXPECT_GE(plan.stages[1].bytes,
              d.baseline + d.transformer + d.image_encoder + d.encode_activations);
    EXPECT_NE(plan.stages[1].parts.find("VAE encoder"), std::string::npos);
    // A budget below that stage refuses the job, naming it.
    const auto tight = plan_memory(d, {}, budget(5 * GiB));
    EXPECT_FALSE(tight.fits);
    EXPECT_NE(tight.refusal().find("encoding image"), std::string::npos) << tight.refusal();
}

}  // namespace
