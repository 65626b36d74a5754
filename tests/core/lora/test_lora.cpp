// LoRAs on the tiny transformer, one small file per format written by the test: the merged
// weights equal the formula (a float64 reference), switching restores the base weights bit for
// bit, strength 0 changes nothing, and files that do not fit are refused before any weight moves.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "api/errors.h"
#include "loading/model_folder.h"
#include "loading/safetensors_writer.h"
#include "lora/lora_merger.h"
#include "pipeline/model_components.h"
#include "pipeline/pixart_sigma_pipeline.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace fs = std::filesystem;
using namespace pixart;

namespace {

const std::string kQ = "transformer_blocks.0.attn1.to_q";    // fused with k and v
const std::string kFf = "transformer_blocks.1.ff.net.2";     // [48, 192]
const std::string kCaption = "caption_projection.linear_1";  // [48, 32]

torch::Tensor seeded(std::vector<std::int64_t> shape, std::uint64_t seed) {
    auto generator = at::detail::createCPUGenerator(seed);
    return torch::randn(shape, generator, torch::kFloat32) * 0.1;
}

std::string kohya(std::string module) {
    std::replace(module.begin(), module.end(), '.', '_');
    return "lora_unet_" + module;
}

class Lora : public ::testing::Test {
  protected:
    void SetUp() override {
        PIXART_REQUIRE_SHARED();
        dir_ = fs::temp_directory_path() / ("pixart-lora-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        components_ = std::make_unique<ModelComponents>(ModelFolder::open(test::tiny_model_dir()),
                                                        PipelineOptions{});
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata = {}) {
        const std::string path = (dir_ / name).string();
        write_safetensors(path, tensors, metadata);
        return path;
    }
    torch::Tensor weight(const std::string& module) {
        return components_->transformer()->named_parameters()[module + ".weight"].detach().clone();
    }

    fs::path dir_;
    std::unique_ptr<ModelComponents> components_;
};

TEST_F(Lora, EveryFormatMergesAsItsFormulaSays) {
    const torch::Tensor q0 = weight(kQ), ff0 = weight(kFf), cap0 = weight(kCaption);
    const auto down = seeded({4, 48}, 1), up = seeded({48, 4}, 2);
    const auto ff_down = seeded({2, 192}, 3), ff_up = seeded({48, 2}, 4);
    const auto d = [](const torch::Tensor& t) { return t.to(torch::kFloat64); };

    struct Case {
        const char* name;
        TensorMap tensors;
        torch::Tensor expected_q;  // float64 update of to_q at strength 1
    };
    const auto w1a = seeded({48, 3}, 5), w1b = seeded({3, 48}, 6), w2a = seeded({48, 3}, 7),
               w2b = seeded({3, 48}, 8);
    const auto k1 = seeded({6, 4}, 9), k2a = seeded({8, 2}, 10), k2b = seeded({2, 12}, 11);
    std::vector<Case> cases;
    cases.push_back({"peft.safetensors",
                     {{"transformer." + kQ + ".lora_A.weight", down},
                      {"transformer." + kQ + ".lora_B.weight", up},
                      {kQ + ".alpha", torch::tensor(8.0f)}},
                     d(up).matmul(d(down)) * (8.0 / 4)});
    cases.push_back({"kohya.safetensors",
                     {{kohya(kQ) + ".lora_down.weight", down},
                      {kohya(kQ) + ".lora_up.weight", up},
                      {kohya(kQ) + ".alpha", torch::tensor(2.0f)}},
                     d(up).matmul(d(down)) * (2.0 / 4)});
    cases.push_back({"loha.safetensors",
                     {{kohya(kQ) + ".hada_w1_a", w1a},
                      {kohya(kQ) + ".hada_w1_b", w1b},
                      {kohya(kQ) + ".hada_w2_a", w2a},
                      {kohya(kQ) + ".hada_w2_b", w2b},
                      {kohya(kQ) + ".alpha", torch::tensor(1.5f)}},
                     d(w1a).matmul(d(w1b)) * d(w2a).matmul(d(w2b)) * (1.5 / 3)});
    cases.push_back({"lokr.safetensors",
                     {{"lora_transformer_" + kohya(kQ).substr(10) + ".lokr_w1", k1},
                      {"lora_transformer_" + kohya(kQ).substr(10) + ".lokr_w2_a", k2a},
                      {"lora_transformer_" + kohya(kQ).substr(10) + ".lokr_w2_b", k2b},
                      {"lora_transformer_" + kohya(kQ).substr(10) + ".alpha", torch::tensor(1.0f)}},
                     torch::kron(d(k1), d(k2a).matmul(d(k2b))) * (1.0 / 2)});
    for (auto& c : cases) {
        SCOPED_TRACE(c.name);
        // A second layer in the same file, kohya-style names for the kohya-family formats.
        const bool peft = std::string(c.name) == "peft.safetensors";
        c.tensors[(peft ? "transformer." + kFf : kohya(kFf)) +
                  (peft ? ".lora_A.weight" : ".lora_down.weight")] = ff_down;
        c.tensors[(peft ? "transformer." + kFf : kohya(kFf)) +
                  (peft ? ".lora_B.weight" : ".lora_up.weight")] = ff_up;
        const std::string path = write(c.name, c.tensors);
        const double strength = -0.75;  // negative strengths subtract
        components_->apply_loras({{path, strength, ""}});
        const torch::Tensor expected = d(q0) + strength * c.expected_q;
        EXPECT_CLOSE_REL(weight(kQ), expected.to(torch::kFloat32), 1e-6);
        // No alpha on the ff layer: scale 1.
        EXPECT_CLOSE_REL(weight(kFf),
                         (d(ff0) + strength * d(ff_up).matmul(d(ff_down))).to(torch::kFloat32),
                         1e-6);
        EXPECT_TRUE(torch::equal(weight(kCaption), cap0));  // untouched
        components_->apply_loras({});
        EXPECT_TRUE(torch::equal(weight(kQ), q0));  // bit for bit
        EXPECT_TRUE(torch::equal(weight(kFf), ff0));
    }
}

TEST_F(Lora, SeveralLorasSwitchWithoutReloadingAndRestoreExactly) {
    const torch::Tensor q0 = weight(kQ), cap0 = weight(kCaption);
    const std::string a =
        write("a.safetensors", {{kohya(kQ) + ".lora_down.weight", seeded({4, 48}, 1)},
                                {kohya(kQ) + ".lora_up.weight", seeded({48, 4}, 2)}});
    const std::string b =
        write("b.safetensors", {{kohya(kCaption) + ".lora_down.weight", seeded({2, 32}, 3)},
                                {kohya(kCaption) + ".lora_up.weight", seeded({48, 2}, 4)}});
    components_->apply_loras({{a, 1.0, ""}, {b, 0.5, ""}});
    EXPECT_FALSE(torch::equal(weight(kQ), q0));
    EXPECT_FALSE(torch::equal(weight(kCaption), cap0));
    EXPECT_GT(components_->lora_held_bytes(), 0);
    const torch::Tensor mixed = weight(kQ);
    components_->apply_loras({{a, 1.0, ""}, {b, 0.5, ""}});  // the same set: nothing moves
    EXPECT_TRUE(torch::equal(weight(kQ), mixed));
    components_->apply_loras({{b, 2.0, ""}});  // another set: a's layer back to its base
    EXPECT_TRUE(torch::equal(weight(kQ), q0));
    components_->apply_loras({{a, 0.0, ""}});  // strength 0: the base weights
    EXPECT_TRUE(torch::equal(weight(kQ), q0));
    EXPECT_TRUE(torch::equal(weight(kCaption), cap0));
    EXPECT_EQ(components_->lora_held_bytes(), 0);
}

TEST_F(Lora, ABadFileIsRefusedWithTheListAndChangesNothing) {
    const torch::Tensor q0 = weight(kQ);
    const std::string good =
        write("good.safetensors", {{kohya(kQ) + ".lora_down.weight", seeded({4, 48}, 1)},
                                   {kohya(kQ) + ".lora_up.weight", seeded({48, 4}, 2)}});
    const std::string misfit =
        write("misfit.safetensors",
              {{kohya("transformer_blocks.9.attn1.to_q") + ".lora_down.weight", seeded({4, 48}, 1)},
               {kohya("transformer_blocks.9.attn1.to_q") + ".lora_up.weight", seeded({48, 4}, 2)},
               {kohya(kCaption) + ".lora_down.weight", seeded({4, 48}, 3)},  // 48 inputs, not 32
               {kohya(kCaption) + ".lora_up.weight", seeded({48, 4}, 4)}});
    components_->apply_loras({{good, 1.0, ""}});
    const torch::Tensor with_good = weight(kQ);
    try {
        components_->apply_loras({{misfit, 1.0, ""}});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
        const std::string message = e.what();
        EXPECT_NE(message.find("2 layer(s) do not fit"), std::string::npos) << message;
        EXPECT_NE(message.find("transformer_blocks_9_attn1_to_q: no such layer"), std::string::npos)
            << message;
        EXPECT_NE(message.find("makes [48, 48], the layer is [48, 32]"), std::string::npos)
            << message;
    }
    EXPECT_TRUE(torch::equal(weight(kQ), with_good));  // the previous set stays
    const std::string unknown =
        write("unknown.safetensors", {{"some.other.tensor", seeded({2, 2}, 1)}});
    try {
        components_->apply_loras({{unknown, 1.0, ""}});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
        EXPECT_NE(std::string(e.what()).find("not a LoRA in a known format"), std::string::npos);
    }
    components_->apply_loras({});
    EXPECT_TRUE(torch::equal(weight(kQ), q0));
}

TEST_F(Lora, PeftAlphaFromAdapterConfig) {
    const auto down = seeded({4, 48}, 1), up = seeded({48, 4}, 2);
    fs::create_directories(dir_ / "adapter");
    std::ofstream(dir_ / "adapter" / "adapter_config.json") << R"({"r": 4, "lora_alpha": 16})";
    const std::string path = write("adapter/adapter_model.safetensors",
                                   {{kQ + ".lora_A.weight", down}, {kQ + ".lora_B.weight", up}});
    const torch::Tensor q0 = weight(kQ);
    components_->apply_loras({{path, 1.0, ""}});
    EXPECT_CLOSE_REL(weight(kQ), q0 + torch::matmul(up, down) * 4.0, 1e-6);
}

TEST_F(Lora, GenerationsWithStrengthZeroAndAfterSwitchingEqualTheBase) {
    PixArtSigmaPipeline pipeline(*components_);
    GenerationRequest request;
    request.prompts = {"a red fox"};
    request.steps = 2;
    request.width = request.height = 64;
    request.resolution_binning = false;
    const torch::Tensor base = pipeline.run(request, {}, nullptr);
    const std::string path =
        write("q.safetensors", {{kohya(kQ) + ".lora_down.weight", seeded({4, 48}, 1)},
                                {kohya(kQ) + ".lora_up.weight", seeded({48, 4}, 2)}});
    request.loras = {{path, 0.0, ""}};
    EXPECT_TRUE(torch::equal(pipeline.run(request, {}, nullptr), base));
    request.loras = {{path, 4.0, ""}};
    EXPECT_GT(test::relative_l2(pipeline.run(request, {}, nullptr), base), 1e-4);  // it acts
    request.loras.clear();
    EXPECT_TRUE(torch::equal(pipeline.run(request, {}, nullptr), base));  // and goes
}

}  // namespace
