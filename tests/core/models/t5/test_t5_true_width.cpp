// The streamed T5 at TRUE width (d_model 4096, 64 heads, d_ff 10240, the 32128-row table) from a
// hub-layout fixture on disk — two blocks in two float32 shards with an index, written by
// make_true_size_model — equals the resident T5 bit for bit: a short prompt on its real tokens
// and the full 300-position pass. CTest writes the fixture first and passes its folder in
// PIXART_TRUE_WIDTH_T5 (test t5_true_width_fixture).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "loading/checkpoint.h"
#include "models/t5/streamed_t5_encoder.h"
#include "models/t5/t5_encoder.h"
#include "support/tensor_compare.h"

namespace {

std::string fixture() {
    const char* dir = std::getenv("PIXART_TRUE_WIDTH_T5");
    return dir == nullptr ? "" : std::string(dir) + "/text_encoder";
}

TEST(T5TrueWidth, StreamedEqualsResidentBitForBit) {
    if (fixture().empty()) GTEST_SKIP() << "PIXART_TRUE_WIDTH_T5 is not set (run through CTest)";
    // Not written: the shared data (configs) is missing, which t5_true_width_fixture reported.
    if (!std::filesystem::exists(fixture())) GTEST_SKIP() << fixture() << " was not written";
    const auto checkpoint = pixart::Checkpoint::open_component(fixture(), "model");
    ASSERT_EQ(checkpoint.files().size(), 2u) << "the fixture is sharded like the hub's T5";

    torch::NoGradGuard no_grad;
    // A 20-token prompt as the tokenizer pads it: ordinary pieces, </s>, then padding to 300.
    auto generator = at::make_generator<at::CPUGeneratorImpl>(7);
    auto ids = torch::zeros({1, 300}, torch::kInt64);
    ids.narrow(1, 0, 19).copy_(torch::randint(3, 32000, {1, 19}, generator));
    ids[0][19] = 1;
    auto mask = torch::zeros({1, 300}, torch::kInt64);
    mask.narrow(1, 0, 20).fill_(1);

    pixart::StreamedT5Encoder streamed(fixture(), torch::kFloat32, torch::kCPU);
    const auto streamed_real = streamed.encode_real_tokens(ids, mask);
    const auto streamed_full = streamed.forward(ids, mask);
    EXPECT_EQ(streamed.resident_bytes(), 0);
    {
        auto resident = pixart::load_t5_encoder(fixture());
        EXPECT_TENSOR_EQ(streamed_real, resident->encode_real_tokens(ids, mask));
        EXPECT_TENSOR_EQ(streamed_full, resident->forward(ids, mask));
    }
    EXPECT_TRUE(torch::isfinite(streamed_full).all().item<bool>());
    EXPECT_GT(streamed_real.narrow(1, 0, 20).abs().sum().item<double>(), 0.0);
}

}  // namespace
