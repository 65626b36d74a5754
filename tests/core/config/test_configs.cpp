#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "api/aspect_ratios.h"
#include "api/errors.h"
#include "config/json_file.h"
#include "config/scheduler_config.h"
#include "config/t5_config.h"
#include "config/transformer_config.h"
#include "config/vae_config.h"
#include "support/shared_data.h"

using namespace pixart;

namespace {
std::string real_config(const std::string& name) { return test::shared_dir() + "/models/configs/" + name; }
}  // namespace

TEST(Configs, RealFullSizeConfigsParse) {
    PIXART_REQUIRE_SHARED();
    const auto t = TransformerConfig::from_file(real_config("transformer_config_PixArt-Sigma-XL-2-1024-MS.json"));
    EXPECT_EQ(t.num_layers, 28);
    EXPECT_EQ(t.inner_dim(), 1152);
    EXPECT_EQ(t.caption_channels, 4096);
    EXPECT_EQ(t.sample_size, 128);
    EXPECT_DOUBLE_EQ(t.interpolation_scale, 2.0);
    EXPECT_FALSE(t.use_additional_conditions);
    EXPECT_DOUBLE_EQ(TransformerConfig::from_file(real_config("transformer_config_PixArt-Sigma-XL-2-256x256.json")).interpolation_scale, 0.5);
    EXPECT_EQ(TransformerConfig::from_file(real_config("transformer_config_PixArt-Sigma-XL-2-2K-MS.json")).sample_size, 256);

    const auto e = T5Config::from_file(real_config("text_encoder_config.json"));
    EXPECT_EQ(e.d_model, 4096);
    EXPECT_EQ(e.num_layers, 24);
    EXPECT_EQ(e.num_heads, 64);
    const auto v = VaeConfig::from_file(real_config("vae_config.json"));
    EXPECT_EQ(v.scale_factor(), 8);
    EXPECT_DOUBLE_EQ(v.scaling_factor, 0.13025);
    const auto s = SchedulerConfig::from_file(real_config("scheduler_config.json"));
    EXPECT_EQ(s.solver_order, 2);
    EXPECT_EQ(s.final_sigmas_type, "zero");
}

TEST(Configs, TinyModelSchedulerWithInfinityParses) {
    PIXART_REQUIRE_SHARED();
    // scheduler_config.json holds "lambda_min_clipped": -Infinity, which strict JSON rejects.
    const JsonFile f(test::tiny_model_dir() + "/scheduler/scheduler_config.json");
    EXPECT_TRUE(std::isinf(f.get_number("lambda_min_clipped", 0.0)));
    EXPECT_EQ(SchedulerConfig::from_file(f.path()).timestep_spacing, "linspace");
}

TEST(Configs, MissingKeyIsNamed) {
    test::TempDir dir;
    std::ofstream(dir.file("config.json")) << R"({"num_attention_heads": 2})";
    try {
        TransformerConfig::from_file(dir.file("config.json"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
        EXPECT_NE(std::string(e.what()).find("\"attention_head_dim\" is missing"), std::string::npos) << e.what();
    }
}

TEST(Configs, UnsupportedSchedulerValue) {
    test::TempDir dir;
    std::ofstream(dir.file("s.json")) << R"({"_class_name":"DPMSolverMultistepScheduler","algorithm_type":"sde-dpmsolver"})";
    try {
        SchedulerConfig::from_file(dir.file("s.json"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("algorithm_type = \"sde-dpmsolver\" is not supported"), std::string::npos);
    }
}

TEST(Configs, NotJson) {
    test::TempDir dir;
    std::ofstream(dir.file("c.json")) << "{ nope";
    try {
        JsonFile f(dir.file("c.json"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::CorruptFile);
    }
}

TEST(AspectRatios, TablesAndLookupsMatchDiffusers) {
    PIXART_REQUIRE_SHARED();
    std::ifstream in(test::golden_path("binning.json"));
    const auto binning = nlohmann::json::parse(in);
    const std::map<std::string, int> sample_size_of = {{"256", 32}, {"512", 64}, {"1024", 128}, {"2048", 256}};
    for (const auto& [table, sample_size] : sample_size_of) {
        const auto& expected = binning["tables"][table];
        const auto& bins = aspect_ratio_bins(sample_size);
        ASSERT_EQ(bins.size(), expected.size()) << table;
        std::size_t i = 0;
        for (auto it = expected.begin(); it != expected.end(); ++it, ++i) {
            EXPECT_EQ(bins[i].ratio, it.key());
            EXPECT_EQ(bins[i].height, it.value()[0].get<int>());
            EXPECT_EQ(bins[i].width, it.value()[1].get<int>());
        }
    }
    int checked = 0;
    for (const auto& lookup : binning["lookups"]) {
        const int sample_size = sample_size_of.at(lookup["table"].get<std::string>());
        const auto bin = nearest_aspect_ratio_bin(sample_size, lookup["height"], lookup["width"]);
        EXPECT_EQ(bin.height, lookup["binned_height"].get<int>()) << lookup.dump();
        EXPECT_EQ(bin.width, lookup["binned_width"].get<int>()) << lookup.dump();
        ++checked;
    }
    EXPECT_GT(checked, 10);
    EXPECT_THROW(aspect_ratio_bins(48), Error);
}
