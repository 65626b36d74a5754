// End-to-end parity with diffusers' PixArtSigmaPipeline: every case of pipeline.safetensors.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "loading/model_folder.h"
#include "pipeline/model_components.h"
#include "pipeline/pixart_sigma_pipeline.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

using namespace pixart;

namespace {

// Stated tolerances (relative L2): initial noise bit-exact; prompt embeddings (one T5 pass) 1e-5;
// latents after 1..20 solver steps and decoded images 1e-4 (the loop amplifies rounding).
constexpr double kEmbedsTolerance = 1e-5;
constexpr double kEndToEndTolerance = 1e-4;

nlohmann::json cases() {
    std::ifstream in(test::golden_path("cases.json"));
    return nlohmann::json::parse(in);
}

GenerationRequest request_for(const nlohmann::json& c) {
    GenerationRequest r;
    if (c["prompt"].is_array()) {
        r.prompts.clear();
        for (const auto& p : c["prompt"]) r.prompts.push_back(p.get<std::string>());
    } else {
        r.prompts = {c["prompt"].get<std::string>()};
    }
    r.negative_prompt = c["negative_prompt"].get<std::string>();
    r.guidance_scale = c["guidance_scale"].get<double>();
    r.steps = c["num_inference_steps"].get<int>();
    r.seed = c["seed"].get<std::uint64_t>();
    r.height = c["height"].get<int>();
    r.width = c["width"].get<int>();
    r.resolution_binning = c["use_resolution_binning"].get<bool>();
    r.images_per_prompt = c["num_images_per_prompt"].get<int>();
    r.clean_caption = c["clean_caption"].get<bool>();
    r.max_sequence_length = c["max_sequence_length"].get<int>();
    return r;
}

class PipelineParity : public ::testing::Test {
  protected:
    void SetUp() override {
        PIXART_REQUIRE_SHARED();
        components_ = std::make_unique<ModelComponents>(ModelFolder::open(test::tiny_model_dir()),
                                                        PipelineOptions{});
        pipeline_ = std::make_unique<PixArtSigmaPipeline>(*components_);
    }
    std::unique_ptr<ModelComponents> components_;
    std::unique_ptr<PixArtSigmaPipeline> pipeline_;
};

}  // namespace

TEST_F(PipelineParity, EveryGoldenCase) {
    int checked = 0;
    for (const auto& c : cases()) {
        const std::string name = c["name"].get<std::string>();
        SCOPED_TRACE(name);
        auto golden = [&](const std::string& tensor) {
            return test::golden_tensor("pipeline.safetensors", name + "." + tensor);
        };
        GenerationTrace trace;
        const auto image = pipeline_->run(request_for(c), {}, nullptr, &trace);
        EXPECT_TENSOR_EQ(trace.init_latents, golden("init_latents"));
        EXPECT_TENSOR_EQ(trace.timesteps, golden("timesteps"));
        EXPECT_TENSOR_EQ(trace.prompt_attention_mask, golden("prompt_attention_mask"));
        EXPECT_CLOSE_REL(trace.prompt_embeds, golden("prompt_embeds"), kEmbedsTolerance);
        EXPECT_CLOSE_REL(torch::stack(trace.step_latents, 0), golden("step_latents"),
                         kEndToEndTolerance);
        EXPECT_CLOSE_REL(trace.final_latents, golden("final_latents"), kEndToEndTolerance);
        EXPECT_CLOSE_REL(image, golden("image"), kEndToEndTolerance);
        std::printf("%-36s embeds %.2e  final latents %.2e  image %.2e\n", name.c_str(),
                    test::relative_l2(trace.prompt_embeds, golden("prompt_embeds")),
                    test::relative_l2(trace.final_latents, golden("final_latents")),
                    test::relative_l2(image, golden("image")));
        ++checked;
    }
    EXPECT_EQ(checked, 8);
}

// The fast path as generations normally run it: T5 on the real tokens only (padded rows of
// prompt_embeds come back zero) and the transformer's text work done once with fully padded tokens
// dropped from cross-attention. Exact up to rounding: the goldens' latents and images hold at the
// same tolerance, and the real rows of prompt_embeds at the T5 tolerance.
TEST_F(PipelineParity, RealTokenTextEncodingMatchesEveryGoldenCase) {
    int checked = 0;
    for (const auto& c : cases()) {
        const std::string name = c["name"].get<std::string>();
        SCOPED_TRACE(name);
        auto golden = [&](const std::string& tensor) {
            return test::golden_tensor("pipeline.safetensors", name + "." + tensor);
        };
        GenerationTrace trace;
        trace.exact_text_encoding = false;
        const auto image = pipeline_->run(request_for(c), {}, nullptr, &trace);
        const auto real =
            golden("prompt_attention_mask").unsqueeze(-1).to(torch::kFloat32);  // [B, L, 1]
        EXPECT_TENSOR_EQ(trace.prompt_attention_mask, golden("prompt_attention_mask"));
        EXPECT_CLOSE_REL(trace.prompt_embeds, golden("prompt_embeds") * real, kEmbedsTolerance);
        EXPECT_EQ(trace.prompt_embeds.mul(1 - real).abs().max().item<float>(), 0.0f);
        EXPECT_CLOSE_REL(torch::stack(trace.step_latents, 0), golden("step_latents"),
                         kEndToEndTolerance);
        EXPECT_CLOSE_REL(trace.final_latents, golden("final_latents"), kEndToEndTolerance);
        EXPECT_CLOSE_REL(image, golden("image"), kEndToEndTolerance);
        std::printf("%-36s real-token embeds %.2e  final latents %.2e  image %.2e\n", name.c_str(),
                    test::relative_l2(trace.prompt_embeds, golden("prompt_embeds") * real),
                    test::relative_l2(trace.final_latents, golden("final_latents")),
                    test::relative_l2(image, golden("image")));
        ++checked;
    }
    EXPECT_EQ(checked, 8);
}

TEST_F(PipelineParity, CancelStopsAtTheNextStepAndThePipelineStaysUsable) {
    CancelToken cancel;
    GenerationCallbacks callbacks;
    int steps_seen = 0;
    callbacks.on_step = [&](const StepProgress& p) {
        steps_seen = p.step;
        if (p.step == 2) cancel.cancel();
    };
    GenerationRequest request;
    request.prompts = {"a cat"};
    request.steps = 5;
    request.width = request.height = 64;
    request.resolution_binning = false;
    EXPECT_THROW(pipeline_->run(request, callbacks, &cancel), Cancelled);
    EXPECT_EQ(steps_seen, 2);
    cancel.reset();
    const auto image = pipeline_->run(request, {}, &cancel);
    EXPECT_EQ(image.sizes(), (torch::IntArrayRef{1, 3, 64, 64}));
}

TEST_F(PipelineParity, PreviewEveryStep) {
    GenerationCallbacks callbacks;
    int previews = 0;
    callbacks.on_preview = [&](const StepProgress&, const PreviewImage& preview) {
        ++previews;
        EXPECT_EQ(preview.width, 12);  // 96 px / 8
        EXPECT_EQ(preview.height, 8);
        EXPECT_EQ(preview.rgb.size(), 12u * 8u * 3u);
    };
    GenerationRequest request;
    request.prompts = {"a dog"};
    request.steps = 3;
    request.width = 96;
    request.height = 64;
    request.resolution_binning = false;
    pipeline_->run(request, callbacks, nullptr);
    EXPECT_EQ(previews, 3);
}

TEST_F(PipelineParity, ImpossibleRequestsAreRejected) {
    GenerationRequest request;
    request.steps = 0;
    EXPECT_THROW(pipeline_->check_inputs(request), Error);
    request.steps = 20;
    request.width = 100;  // not a multiple of 16 without binning
    request.height = 64;
    request.resolution_binning = false;
    try {
        pipeline_->check_inputs(request);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("divisible"), std::string::npos) << e.what();
    }
    request.width = 100000;
    EXPECT_THROW(pipeline_->check_inputs(request), Error);
    request.width = 64;
    // Noise of an earlier batch: the images must lie inside it.
    request.noise_batch_size = 4;
    request.noise_batch_index = 3;
    EXPECT_NO_THROW(pipeline_->check_inputs(request));
    request.images_per_prompt = 2;  // images 3..4 of a batch of 4
    try {
        pipeline_->check_inputs(request);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("not in a batch of 4"), std::string::npos) << e.what();
    }
    request.images_per_prompt = 1;
    request.noise_batch_index = -1;
    EXPECT_THROW(pipeline_->check_inputs(request), Error);
    request.noise_batch_index = 0;
    request.noise_batch_size = 100000;
    EXPECT_THROW(pipeline_->check_inputs(request), Error);
    request.noise_batch_size = 0;
    request.prompts.clear();
    EXPECT_THROW(pipeline_->check_inputs(request), Error);
}

namespace {

// A picture for image-to-image made in memory: smooth colour ramps.
std::shared_ptr<const InitImage> ramp_picture(int width, int height) {
    auto init = std::make_shared<InitImage>();
    init->pixels.width = width;
    init->pixels.height = height;
    init->pixels.pixels.resize(std::size_t(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            init->pixels.at(x, y, 0) = static_cast<float>(x) / width;
            init->pixels.at(x, y, 1) = static_cast<float>(y) / height;
            init->pixels.at(x, y, 2) = 0.5f;
        }
    return init;
}

}  // namespace

// "Use again" of one image of a batch with a sampler that draws every step: the regenerated image
// takes its slice of the batch's initial noise AND of every step's draw, so it is that image
// again (to the rounding of a smaller transformer batch), text-to-image and image-to-image.
TEST_F(PipelineParity, StochasticSamplersRegenerateOneImageOfABatch) {
    for (const std::string sampler : {"euler_a", "dpm++2m_sde", "sa_solver"}) {
        for (const bool img2img : {false, true}) {
            SCOPED_TRACE(sampler + (img2img ? " img2img" : " txt2img"));
            GenerationRequest batch;
            batch.prompts = {"a red fox", "a snowy owl"};
            batch.images_per_prompt = 2;
            batch.steps = 4;
            batch.seed = 5;
            batch.width = 64;
            batch.height = 64;
            batch.resolution_binning = false;
            batch.sampler = sampler;
            if (img2img) {
                batch.init_image = ramp_picture(64, 64);
                batch.strength = 0.75;
            }
            const torch::Tensor all = pipeline_->run(batch, {}, nullptr);
            ASSERT_EQ(all.size(0), 4);

            GenerationRequest again = batch;
            again.prompts = {"a snowy owl"};
            again.images_per_prompt = 1;
            again.noise_batch_size = 4;
            again.noise_batch_index = 3;
            const torch::Tensor one = pipeline_->run(again, {}, nullptr);
            EXPECT_CLOSE_REL(one[0], all[3], 1e-5);
            // Another place in the batch is another image.
            again.noise_batch_index = 2;
            EXPECT_GT(test::relative_l2(pipeline_->run(again, {}, nullptr)[0], all[3]), 1e-3);
        }
    }
}
