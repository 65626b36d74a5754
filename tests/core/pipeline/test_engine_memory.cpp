// The engine's memory features on the tiny model: the streamed and the resident T5 give the same
// images to the bit; the prompt cache on disk serves a repeated prompt — in the same engine and
// after a restart — without reading a byte of T5, with the same image; a job whose plan cannot fit
// is refused before anything loads; the plan is reported once per job.
#include <gtest/gtest.h>

#include <cstring>

#include "api/engine.h"
#include "api/errors.h"
#include "support/shared_data.h"

using namespace pixart;

namespace {

GenerationRequest request(const std::string& prompt = "a lighthouse at dusk") {
    GenerationRequest r;
    r.prompts = {prompt};
    r.negative_prompt = "blurry";
    r.width = 64;
    r.height = 64;
    r.resolution_binning = false;
    r.steps = 2;
    r.seed = 3;
    return r;
}

EngineOptions options(TextEncoderMode mode, const std::string& cache_dir = "") {
    EngineOptions o;
    o.threads = 1;
    o.preview_interval = 0;
    o.text_encoder_mode = mode;
    o.prompt_cache = !cache_dir.empty();
    o.prompt_cache_dir = cache_dir;
    return o;
}

bool same_pixels(const GenerationResult& a, const GenerationResult& b) {
    if (a.images.size() != b.images.size()) return false;
    for (std::size_t i = 0; i < a.images.size(); ++i) {
        if (a.images[i].pixels != b.images[i].pixels) return false;
    }
    return true;
}

TEST(EngineMemory, StreamedAndResidentT5GiveTheSameImage) {
    PIXART_REQUIRE_SHARED();
    auto resident = Engine::open(test::tiny_model_dir(), options(TextEncoderMode::Resident));
    auto streamed = Engine::open(test::tiny_model_dir(), options(TextEncoderMode::Streamed));
    MemoryPlanInfo plan;
    GenerationCallbacks callbacks;
    int plans = 0;
    callbacks.on_plan = [&](const MemoryPlanInfo& p) {
        plan = p;
        ++plans;
    };
    const auto a = resident->generate(request());
    const auto b = streamed->generate(request(), callbacks);
    EXPECT_TRUE(same_pixels(a, b));
    EXPECT_EQ(plans, 1);
    EXPECT_EQ(plan.text_encoder, "streamed");
    EXPECT_TRUE(plan.fits);
    EXPECT_GT(plan.peak_bytes, 0);
    EXPECT_NE(plan.summary.find("T5 streamed from disk"), std::string::npos) << plan.summary;
    EXPECT_GT(streamed->text_encoder_stats().bytes_read, 0);
}

TEST(EngineMemory, ARepeatedPromptReadsNoT5EvenAfterARestart) {
    PIXART_REQUIRE_SHARED();
    test::TempDir cache;
    GenerationResult first, again, restarted;
    {
        auto engine =
            Engine::open(test::tiny_model_dir(), options(TextEncoderMode::Streamed, cache.path()));
        first = engine->generate(request());
        const auto after_first = engine->text_encoder_stats();
        EXPECT_EQ(after_first.encoded, 2);  // the prompt and the negative prompt
        EXPECT_GT(after_first.bytes_read, 0);
        EXPECT_EQ(after_first.prompt_cache, cache.path());
        again = engine->generate(request());
        const auto after_again = engine->text_encoder_stats();
        EXPECT_EQ(after_again.encoded, 2);
        EXPECT_EQ(after_again.bytes_read, after_first.bytes_read);
        EXPECT_EQ(after_again.memory_cache_hits, 2);
    }
    auto engine =
        Engine::open(test::tiny_model_dir(), options(TextEncoderMode::Streamed, cache.path()));
    EXPECT_EQ(engine->plan(request()).text_encoder, "cached");
    std::vector<Stage> stages;
    GenerationCallbacks callbacks;
    callbacks.on_stage = [&](Stage s) { stages.push_back(s); };
    restarted = engine->generate(request(), callbacks);
    const auto stats = engine->text_encoder_stats();
    EXPECT_EQ(stats.encoded, 0);
    EXPECT_EQ(stats.disk_cache_hits, 2);
    EXPECT_EQ(stats.bytes_read, 0);
    for (const auto s : stages) {
        EXPECT_NE(s, Stage::LoadingTextEncoder);
        EXPECT_NE(s, Stage::EncodingPrompt);
    }
    EXPECT_TRUE(same_pixels(first, again));
    EXPECT_TRUE(same_pixels(first, restarted));

    // Another prompt still runs T5.
    engine->generate(request("a harbour at dawn"));
    EXPECT_EQ(engine->text_encoder_stats().encoded, 1);
}

TEST(EngineMemory, AJobThatCannotFitIsRefusedBeforeLoading) {
    PIXART_REQUIRE_SHARED();
    auto o = options(TextEncoderMode::Auto);
    o.memory_limit_bytes = std::int64_t{64} << 20;
    auto engine = Engine::open(test::tiny_model_dir(), o);
    const auto plan = engine->plan(request());
    EXPECT_FALSE(plan.fits);
    EXPECT_NE(plan.refusal.find("--memory-limit 64 MiB"), std::string::npos) << plan.refusal;
    std::vector<Stage> stages;
    GenerationCallbacks callbacks;
    callbacks.on_stage = [&](Stage s) { stages.push_back(s); };
    try {
        engine->generate(request(), callbacks);
        FAIL() << "a job over the limit ran";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::OutOfMemory);
        EXPECT_NE(std::string(e.what()).find("not enough memory for this job"), std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(stages.empty()) << "nothing was loaded";
    EXPECT_EQ(engine->text_encoder_stats().bytes_read, 0);
}

TEST(EngineMemory, ModeNamesRoundTrip) {
    for (const auto mode :
         {TextEncoderMode::Auto, TextEncoderMode::Resident, TextEncoderMode::Streamed})
        EXPECT_EQ(parse_text_encoder_mode(text_encoder_mode_name(mode)), mode);
    EXPECT_THROW(parse_text_encoder_mode("fast"), Error);
}

}  // namespace
