#include <gtest/gtest.h>

#include <cmath>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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

// A config whose real values are replaced by `overrides` (keys of the real full-size file).
template <typename Config>
void expect_refused(const std::string& real, const std::string& overrides,
                    const std::string& fragment) {
    std::ifstream in(real_config(real));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto json = nlohmann::json::parse(quote_non_finite_numbers(text));  // -Infinity in schedulers
    json.update(nlohmann::json::parse(overrides));
    test::TempDir dir;
    std::ofstream(dir.file("config.json")) << json.dump();
    try {
        Config::from_file(dir.file("config.json"));
        ADD_FAILURE() << overrides << " was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder) << e.what();
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

// Values that used to wrap, divide by zero or allocate without bound are refused by name.
TEST(Configs, ValuesOutsideTheModelFamilyAreRefusedByName) {
    PIXART_REQUIRE_SHARED();
    const std::string transformer = "transformer_config_PixArt-Sigma-XL-2-1024-MS.json";
    // 4294967298 read as an int was 2 layers.
    expect_refused<TransformerConfig>(transformer, R"({"num_layers": 4294967298})",
                                      "\"num_layers\" = 4294967298 is out of range (1..256)");
    expect_refused<TransformerConfig>(transformer, R"({"num_layers": 1000000})",
                                      "\"num_layers\" = 1000000 is out of range");
    // Overflowed in check_inputs, then a modulo by zero (SIGFPE).
    expect_refused<TransformerConfig>(transformer, R"({"patch_size": 536870912})",
                                      "\"patch_size\" = 536870912 is out of range (1..16)");
    expect_refused<TransformerConfig>(transformer, R"({"attention_head_dim": -72})",
                                      "\"attention_head_dim\" = -72 is out of range");
    // A division by zero in VaeConfig::from_file (SIGFPE).
    expect_refused<VaeConfig>("vae_config.json", R"({"norm_num_groups": 0})",
                              "\"norm_num_groups\" = 0 is out of range (1..4096)");
    expect_refused<VaeConfig>("vae_config.json", R"({"block_out_channels": [128, -1]})",
                              "\"block_out_channels\" = -1 is out of range");
    expect_refused<VaeConfig>("vae_config.json",
                              R"({"block_out_channels": [8, 8, 8, 8, 8, 8, 8, 8, 8]})",
                              "1 to 8 blocks");
    expect_refused<T5Config>("text_encoder_config.json", R"({"d_model": 18446744073709551615})",
                             "\"d_model\" = 18446744073709551615 is out of range (1..65536)");
    // Allocated 2e9 betas.
    expect_refused<SchedulerConfig>("scheduler_config.json", R"({"num_train_timesteps": 2000000000})",
                                    "\"num_train_timesteps\" = 2000000000 is out of range (2..100000)");
}

// A folder or a pipe in place of a config, or a link loop: a ModelFolder error, not exit 1 (an
// uncaught filesystem exception) nor a read that blocks for ever.
TEST(Configs, OnlyRegularFilesAreRead) {
    test::TempDir dir;
    std::filesystem::create_directory(dir.file("folder.json"));
    ASSERT_EQ(::mkfifo(dir.file("pipe.json").c_str(), 0644), 0);
    std::filesystem::create_symlink(dir.file("loop-b.json"), dir.file("loop-a.json"));
    std::filesystem::create_symlink(dir.file("loop-a.json"), dir.file("loop-b.json"));
    for (const char* name : {"folder.json", "pipe.json", "loop-a.json"}) {
        try {
            JsonFile f(dir.file(name));
            ADD_FAILURE() << name << " was read";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::ModelFolder) << e.what();
        }
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
