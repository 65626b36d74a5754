#include "loading/checkpoint.h"

#include <gtest/gtest.h>

#include <fstream>

#include "api/errors.h"
#include "loading/load_progress.h"
#include "loading/tensor_loading.h"
#include "safetensors_writer.h"
#include "support/shared_data.h"

using pixart::Checkpoint;
using pixart::Error;
using pixart::ErrorKind;
using pixart::test::TempDir;

namespace {

struct TinyNet : torch::nn::Module {
    TinyNet() {
        fc = register_module("fc", torch::nn::Linear(2, 3));
        scale = register_parameter("scale", torch::zeros({3}));
    }
    torch::nn::Linear fc{nullptr};
    torch::Tensor scale;
};

void write_index(const std::string& path, const std::string& body) { std::ofstream(path) << body; }

}  // namespace

TEST(Checkpoint, ShardedIndexBindsEveryTensor) {
    TempDir dir;
    pixart::test::write_safetensors(dir.file("model-00001-of-00002.safetensors"),
                                    {{"fc.weight", "F32", {3, 2}, {1, 2, 3, 4, 5, 6}}});
    pixart::test::write_safetensors(dir.file("model-00002-of-00002.safetensors"),
                                    {{"fc.bias", "F32", {3}, {7, 8, 9}}, {"scale", "F32", {3}, {0.5, 1, 2}}});
    write_index(dir.file("model.safetensors.index.json"),
                R"({"metadata":{"total_size":60},"weight_map":{"fc.weight":"model-00001-of-00002.safetensors",)"
                R"("fc.bias":"model-00002-of-00002.safetensors","scale":"model-00002-of-00002.safetensors"}})");
    const auto checkpoint = Checkpoint::open_component(dir.path(), "model");
    EXPECT_EQ(checkpoint.files().size(), 2u);
    EXPECT_EQ(checkpoint.parameter_count(), 12);
    TinyNet net;
    pixart::bind_state_dict(net, checkpoint, "tiny");
    EXPECT_FLOAT_EQ(net.fc->weight[2][1].item<float>(), 6.f);
    EXPECT_FLOAT_EQ(net.fc->bias[0].item<float>(), 7.f);
    EXPECT_FLOAT_EQ(net.scale[2].item<float>(), 2.f);
}

TEST(Checkpoint, BindingReportsTheBytesReadToTheInnermostScope) {
    TempDir dir;
    pixart::test::write_safetensors(dir.file("model.safetensors"),
                                    {{"fc.weight", "F32", {3, 2}, {1, 2, 3, 4, 5, 6}},
                                     {"fc.bias", "F32", {3}, {7, 8, 9}},
                                     {"scale", "F32", {3}, {0.5, 1, 2}}});
    const auto checkpoint = Checkpoint::open_component(dir.path(), "model");
    std::vector<std::pair<std::int64_t, std::int64_t>> outer_reports, reports;
    const pixart::LoadProgressScope outer(
        [&](std::int64_t done, std::int64_t total) { outer_reports.emplace_back(done, total); });
    {
        const pixart::LoadProgressScope inner(
            [&](std::int64_t done, std::int64_t total) { reports.emplace_back(done, total); });
        TinyNet net;
        pixart::bind_state_dict(net, checkpoint, "tiny");
    }
    EXPECT_TRUE(outer_reports.empty());  // the inner load is not the outer one's
    ASSERT_EQ(reports.size(), 4u);       // the start, then one per tensor
    EXPECT_EQ(reports.front(), std::make_pair(std::int64_t{0}, std::int64_t{48}));
    EXPECT_EQ(reports.back(), std::make_pair(std::int64_t{48}, std::int64_t{48}));
    for (std::size_t i = 1; i < reports.size(); ++i) EXPECT_GT(reports[i].first, reports[i - 1].first);

    TinyNet again;  // the scope's end hands reports back to the outer one
    pixart::bind_state_dict(again, checkpoint, "tiny");
    EXPECT_EQ(outer_reports.size(), 4u);
}

TEST(Checkpoint, MissingShardIsNamed) {
    TempDir dir;
    write_index(dir.file("model.safetensors.index.json"), R"({"weight_map":{"a":"model-00009.safetensors"}})");
    try {
        Checkpoint::open_component(dir.path(), "model");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
        EXPECT_NE(std::string(e.what()).find("model-00009.safetensors is missing"), std::string::npos) << e.what();
    }
}

TEST(Checkpoint, NoWeightsAtAll) {
    TempDir dir;
    try {
        Checkpoint::open_component(dir.path(), "diffusion_pytorch_model");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
        EXPECT_NE(std::string(e.what()).find("no weights found"), std::string::npos);
    }
}

TEST(Checkpoint, StrictBindingReportsEveryProblemAtOnce) {
    TempDir dir;
    pixart::test::write_safetensors(dir.file("m.safetensors"),
                                    {{"fc.weight", "F32", {2, 2}, {1, 2, 3, 4}}, {"extra", "F32", {1}, {1}}});
    const auto checkpoint = Checkpoint::open_file(dir.file("m.safetensors"));
    TinyNet net;
    try {
        pixart::bind_state_dict(net, checkpoint, "transformer");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
        EXPECT_NE(message.find("transformer weights do not match"), std::string::npos) << message;
        EXPECT_NE(message.find("fc.bias"), std::string::npos) << message;          // missing
        EXPECT_NE(message.find("scale"), std::string::npos) << message;            // missing
        EXPECT_NE(message.find("fc.weight is [2, 2], expected [3, 2]"), std::string::npos) << message;
        EXPECT_NE(message.find("unexpected: extra"), std::string::npos) << message;
    }
}

TEST(Checkpoint, HalfPrecisionConvertsToFloat32) {
    TempDir dir;
    // 1.0, -2.0 in IEEE half and bfloat16.
    const std::string half("\x00\x3c\x00\xc0", 4);
    const std::string bf16("\x80\x3f\x00\xc0", 4);
    const std::string header =
        R"({"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]}})";
    pixart::test::write_raw_safetensors(dir.file("half.safetensors"), header, half + bf16, header.size());
    const auto tensors = pixart::read_all_tensors(dir.file("half.safetensors"), torch::kFloat32);
    EXPECT_EQ(tensors.at("h").scalar_type(), torch::kFloat32);
    EXPECT_FLOAT_EQ(tensors.at("h")[0].item<float>(), 1.f);
    EXPECT_FLOAT_EQ(tensors.at("h")[1].item<float>(), -2.f);
    EXPECT_FLOAT_EQ(tensors.at("b")[0].item<float>(), 1.f);
    EXPECT_FLOAT_EQ(tensors.at("b")[1].item<float>(), -2.f);
}

TEST(Checkpoint, TinyModelComponentsOpen) {
    PIXART_REQUIRE_SHARED();
    const auto dir = pixart::test::tiny_model_dir();
    EXPECT_GT(Checkpoint::open_component(dir + "/transformer", "diffusion_pytorch_model").parameter_count(), 0);
    EXPECT_GT(Checkpoint::open_component(dir + "/text_encoder", "model").parameter_count(), 0);
    EXPECT_GT(Checkpoint::open_component(dir + "/vae", "diffusion_pytorch_model").parameter_count(), 0);
}
