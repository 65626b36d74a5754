// Image-to-image against img2img.safetensors (diffusers' StableDiffusionImg2ImgPipeline algorithm
// on the tiny PixArt-Sigma): the steps run for a strength, the picture's preprocessing, the
// scheduler's add_noise at the begin index and the schedule's tail step by step.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/generation_request.h"
#include "config/scheduler_config.h"
#include "pipeline/init_image_pixels.h"
#include "schedulers/scheduler.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace {

using pixart::test::golden_tensor;

const char* kGolden = "img2img.safetensors";

torch::Tensor golden(const std::string& name) { return golden_tensor(kGolden, name); }

pixart::SchedulerConfig real_config() {
    return pixart::SchedulerConfig::from_file(pixart::test::shared_dir() +
                                              "/models/configs/scheduler_config.json");
}

// The golden picture (u8 / 255 in float32, NCHW) as the core's interleaved Image.
pixart::Image image_of(const torch::Tensor& nchw) {
    const torch::Tensor hwc = nchw[0].permute({1, 2, 0}).contiguous();
    pixart::Image image;
    image.height = static_cast<int>(hwc.size(0));
    image.width = static_cast<int>(hwc.size(1));
    image.pixels.assign(hwc.data_ptr<float>(), hwc.data_ptr<float>() + hwc.numel());
    return image;
}

struct Case {
    const char* name;
    const char* sampler;
    int steps;
    double strength;
    int first_step;  // t_start
};

void check_case(const Case& c) {
    SCOPED_TRACE(c.name);
    const std::string key = std::string(c.name) + ".";
    EXPECT_EQ(c.steps - pixart::img2img_steps_run(c.steps, c.strength), c.first_step);

    // The picture, preprocessed: 2 * (u8 / 255) - 1 exactly.
    const torch::Tensor input = golden(key + "input_image");
    const pixart::Image image = image_of(input);
    EXPECT_TENSOR_EQ(pixart::init_image_pixels(image, image.width, image.height),
                     golden(key + "image_preprocessed"));

    auto scheduler = pixart::make_scheduler(c.sampler, real_config());
    scheduler->set_timesteps(c.steps);
    scheduler->set_begin_index(c.first_step);
    const torch::Tensor draws = golden(key + "rng_draws");
    EXPECT_TENSOR_EQ(draws[0], golden(key + "posterior_noise"));
    EXPECT_TENSOR_EQ(draws[1], golden(key + "noise"));
    const torch::Tensor noised = scheduler->add_noise(golden(key + "init_latents"), draws[1]);
    EXPECT_CLOSE_REL(noised, golden(key + "noised_latents"), 1e-6);

    std::vector<torch::Tensor> run;
    for (std::size_t i = static_cast<std::size_t>(c.first_step); i < scheduler->timesteps().size();
         ++i)
        run.push_back(scheduler->model_timestep(i));
    EXPECT_TENSOR_EQ(torch::stack(run), golden(key + "timesteps"));

    // Teacher-forced from diffusers' latents; Euler takes the draws after the first two.
    std::int64_t next_draw = 2;
    scheduler->set_noise_source([&] { return draws[next_draw++]; });
    const torch::Tensor outputs = golden(key + "model_output");
    const torch::Tensor expected = golden(key + "step_latents");
    ASSERT_EQ(outputs.size(0), static_cast<std::int64_t>(run.size()));
    for (std::int64_t i = 0; i < outputs.size(0); ++i) {
        SCOPED_TRACE("step " + std::to_string(i));
        const auto t = scheduler->timesteps()[static_cast<std::size_t>(c.first_step + i)];
        const torch::Tensor before = i == 0 ? golden(key + "noised_latents") : expected[i - 1];
        EXPECT_CLOSE_REL(scheduler->step(outputs[i], t, before), expected[i], 1e-6);
    }
    EXPECT_EQ(next_draw, draws.size(0));  // every draw used, in order
    EXPECT_TENSOR_EQ(expected[expected.size(0) - 1], golden(key + "final_latents"));
}

TEST(Img2Img, StepsRunTruncateTheProductAsPython) {
    EXPECT_EQ(pixart::img2img_steps_run(12, 0.6), 7);  // 7.1999…
    EXPECT_EQ(pixart::img2img_steps_run(10, 0.3), 3);  // 3.0000000000000004
    EXPECT_EQ(pixart::img2img_steps_run(6, 1.0), 6);
    EXPECT_EQ(pixart::img2img_steps_run(20, 0.04), 0);  // refused by check_request
    EXPECT_EQ(pixart::img2img_steps_run(20, 1.5), 20);  // never more than the schedule
}

TEST(Img2Img, DpmStrengthPointThree) {
    PIXART_REQUIRE_SHARED();
    check_case({"i0_dpm_s0.3_cfg_nonsq", "dpm++2m", 10, 0.3, 7});
}

TEST(Img2Img, DpmStrengthOne) {
    PIXART_REQUIRE_SHARED();
    check_case({"i1_dpm_s1.0_nocfg_sq", "dpm++2m", 6, 1.0, 0});
}

TEST(Img2Img, EulerStrengthPointSix) {
    PIXART_REQUIRE_SHARED();
    check_case({"i2_euler_s0.6_cfg_nonsq", "euler", 12, 0.6, 5});
}

TEST(Img2Img, EveryStochasticSamplerStartsAtTheBeginIndex) {
    // A sampler begun part-way draws once a step from there, and its add_noise keeps the shape.
    for (const std::string& name : pixart::scheduler_names()) {
        SCOPED_TRACE(name);
        auto scheduler = pixart::make_scheduler(name, pixart::SchedulerConfig{});
        scheduler->set_timesteps(10);
        scheduler->set_begin_index(6);
        int draws = 0;
        scheduler->set_noise_source([&] {
            ++draws;
            return torch::zeros({1, 4, 2, 2});
        });
        const torch::Tensor x = torch::ones({1, 4, 2, 2});
        const torch::Tensor noised = scheduler->add_noise(x, torch::zeros_like(x));
        EXPECT_EQ(noised.sizes(), x.sizes());
        EXPECT_TRUE(torch::all(noised > 0).item<bool>());  // the picture survives at t < T
        torch::Tensor latents = noised;
        for (std::size_t i = 6; i < scheduler->timesteps().size(); ++i)
            latents = scheduler->step(torch::zeros_like(x), scheduler->timesteps()[i], latents);
        EXPECT_TRUE(torch::isfinite(latents).all().item<bool>());
        EXPECT_EQ(draws, scheduler->draws_noise() ? 4 : 0);
    }
}

TEST(Img2Img, LanczosResizeKeepsFlatAndCovers) {
    // Rows sum to one; a flat picture stays flat; a 4:3 picture covering 16x16 is cropped.
    const torch::Tensor weights = pixart::lanczos_weights(40, 16);
    EXPECT_TRUE(torch::allclose(weights.sum(1), torch::ones({16}, torch::kFloat64)));
    pixart::Image flat;
    flat.width = 40;
    flat.height = 30;
    flat.pixels.assign(40 * 30 * 3, 0.25f);
    const torch::Tensor pixels = pixart::init_image_pixels(flat, 16, 16);
    EXPECT_EQ(pixels.sizes(), (std::vector<std::int64_t>{1, 3, 16, 16}));
    EXPECT_LT((pixels + 0.5).abs().max().item<float>(), 1e-6);
}

}  // namespace
