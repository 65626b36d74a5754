// StreamedT5Encoder: bit for bit the resident T5Encoder on the tiny model (goldens' prompts), for
// a single file, shards + index, and bfloat16 / float16 files converted block by block; the
// goldens themselves at their tolerance; reads of only the prompt's token rows; every damaged
// checkpoint refused on open, naming the tensors.
#include "models/t5/streamed_t5_encoder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/errors.h"
#include "loading/checkpoint.h"
#include "loading/safetensors_writer.h"
#include "models/t5/t5_encoder.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace fs = std::filesystem;
using pixart::Error;
using pixart::ErrorKind;
using pixart::StreamedT5Encoder;
using pixart::test::golden_tensor;

namespace {

constexpr const char* kGolden = "t5_encoder.safetensors";

std::string tiny_text_encoder() { return pixart::test::tiny_model_dir() + "/text_encoder"; }

// The tiny text encoder's tensors, as stored.
pixart::TensorMap tiny_tensors() {
    return pixart::read_all_tensors(tiny_text_encoder() + "/model.safetensors");
}

// A text_encoder folder with the tiny config and `tensors` written as `shards` files (+ index).
void write_text_encoder(const std::string& dir, const pixart::TensorMap& tensors, int shards) {
    fs::create_directories(dir);
    fs::copy_file(tiny_text_encoder() + "/config.json", dir + "/config.json");
    if (shards == 1) {
        pixart::write_safetensors(dir + "/model.safetensors", tensors);
        return;
    }
    std::vector<pixart::TensorMap> parts(static_cast<std::size_t>(shards));
    std::string weight_map;
    int i = 0;
    for (const auto& [name, tensor] : tensors) {
        const int shard = i++ % shards;
        parts[static_cast<std::size_t>(shard)][name] = tensor;
        const std::string file = "model-0000" + std::to_string(shard + 1) + "-of-0000" +
                                 std::to_string(shards) + ".safetensors";
        weight_map +=
            std::string(weight_map.empty() ? "" : ",") + "\"" + name + "\":\"" + file + "\"";
    }
    for (int s = 0; s < shards; ++s) {
        pixart::write_safetensors(dir + "/model-0000" + std::to_string(s + 1) + "-of-0000" +
                                      std::to_string(shards) + ".safetensors",
                                  parts[static_cast<std::size_t>(s)]);
    }
    std::ofstream(dir + "/model.safetensors.index.json")
        << "{\"metadata\":{},\"weight_map\":{" << weight_map << "}}";
}

struct Prompts {
    torch::Tensor ids, mask;
};
Prompts golden_prompts() {
    return {golden_tensor(kGolden, "input_ids"), golden_tensor(kGolden, "attention_mask")};
}

// Streamed and resident from the same folder agree to the last bit, row by row (each prompt
// alone, as the pipeline encodes them) and as a batch, on every position and on real tokens.
void expect_streamed_equals_resident(const std::string& dir, torch::ScalarType dtype) {
    torch::NoGradGuard no_grad;
    auto resident = pixart::load_t5_encoder(dir, dtype);
    StreamedT5Encoder streamed(dir, dtype, torch::kCPU);
    const auto p = golden_prompts();
    EXPECT_TENSOR_EQ(streamed.forward(p.ids, p.mask), resident->forward(p.ids, p.mask));
    for (int64_t row = 0; row < p.ids.size(0); ++row) {
        const auto ids = p.ids.narrow(0, row, 1), mask = p.mask.narrow(0, row, 1);
        EXPECT_TENSOR_EQ(streamed.encode_real_tokens(ids, mask),
                         resident->encode_real_tokens(ids, mask))
            << "row " << row;
        EXPECT_TENSOR_EQ(streamed.forward(ids, mask), resident->forward(ids, mask))
            << "row " << row;
    }
}

TEST(StreamedT5Encoder, EqualsResidentBitForBitOnTheTinyModel) {
    PIXART_REQUIRE_SHARED();
    expect_streamed_equals_resident(tiny_text_encoder(), torch::kFloat32);
}

TEST(StreamedT5Encoder, MatchesTheGoldens) {
    PIXART_REQUIRE_SHARED();
    torch::NoGradGuard no_grad;
    StreamedT5Encoder streamed(tiny_text_encoder(), torch::kFloat32, torch::kCPU);
    const auto p = golden_prompts();
    // The last hidden state is the encoder's output (T5EncoderModel's last_hidden_state).
    EXPECT_CLOSE_REL(streamed.forward(p.ids, p.mask), golden_tensor(kGolden, "last_hidden_state"),
                     1e-5);
}

TEST(StreamedT5Encoder, ShardedCheckpointEqualsResident) {
    PIXART_REQUIRE_SHARED();
    pixart::test::TempDir tmp;
    write_text_encoder(tmp.file("sharded"), tiny_tensors(), 2);
    expect_streamed_equals_resident(tmp.file("sharded"), torch::kFloat32);
}

TEST(StreamedT5Encoder, HalfPrecisionFilesConvertBlockByBlockToTheSameBits) {
    PIXART_REQUIRE_SHARED();
    for (const auto dtype : {torch::kBFloat16, torch::kFloat16}) {
        pixart::test::TempDir tmp;
        pixart::TensorMap half;
        for (const auto& [name, tensor] : tiny_tensors()) half[name] = tensor.to(dtype);
        write_text_encoder(tmp.file("half"), half, 2);
        SCOPED_TRACE(c10::toString(dtype));
        expect_streamed_equals_resident(tmp.file("half"), torch::kFloat32);  // compute float32
    }
}

TEST(StreamedT5Encoder, ReadsEachBlockOnceAndOnlyThePromptsTokenRows) {
    PIXART_REQUIRE_SHARED();
    torch::NoGradGuard no_grad;
    StreamedT5Encoder streamed(tiny_text_encoder(), torch::kFloat32, torch::kCPU);
    EXPECT_EQ(streamed.bytes_read(), 0) << "nothing is read before the first encode";
    const auto p = golden_prompts();
    const auto ids = p.ids.narrow(0, 0, 1), mask = p.mask.narrow(0, 0, 1);
    streamed.forward(ids, mask);
    // Every block's weights (block 0's bias table was read on open), and one row per position.
    const auto checkpoint = pixart::Checkpoint::open_component(tiny_text_encoder(), "model");
    std::int64_t blocks = 0;
    for (const auto& [name, entry] : checkpoint.entries()) {
        if (name.rfind("encoder.block.", 0) == 0 &&
            name.find("relative_attention_bias") == std::string::npos)
            blocks += static_cast<std::int64_t>(entry.info->byte_size());
    }
    const std::int64_t rows = ids.size(1) * streamed.config().d_model * 4;
    EXPECT_EQ(streamed.bytes_read(), blocks + rows);
    streamed.forward(ids, mask);
    EXPECT_EQ(streamed.bytes_read(), 2 * (blocks + rows)) << "a second encode reads them again";
}

TEST(StreamedT5Encoder, DamagedCheckpointsAreRefusedOnOpenNamingEveryProblem) {
    PIXART_REQUIRE_SHARED();
    pixart::test::TempDir tmp;
    auto tensors = tiny_tensors();
    tensors.erase("encoder.block.1.layer.1.DenseReluDense.wo.weight");
    tensors["encoder.block.0.layer.0.SelfAttention.q.weight"] = torch::zeros({3, 3});
    tensors["encoder.block.9.extra"] = torch::zeros({1});
    write_text_encoder(tmp.file("bad"), tensors, 1);
    try {
        StreamedT5Encoder streamed(tmp.file("bad"), torch::kFloat32, torch::kCPU);
        FAIL() << "a damaged checkpoint was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
        const std::string message = e.what();
        EXPECT_NE(message.find("1 missing: encoder.block.1.layer.1.DenseReluDense.wo.weight"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("encoder.block.0.layer.0.SelfAttention.q.weight is [3, 3]"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("1 unexpected: encoder.block.9.extra"), std::string::npos)
            << message;
    }
}

TEST(StreamedT5Encoder, IntegerWeightsAreRefused) {
    PIXART_REQUIRE_SHARED();
    pixart::test::TempDir tmp;
    auto tensors = tiny_tensors();
    tensors["encoder.final_layer_norm.weight"] = torch::ones({32}, torch::kInt32);
    write_text_encoder(tmp.file("int"), tensors, 1);
    try {
        StreamedT5Encoder streamed(tmp.file("int"), torch::kFloat32, torch::kCPU);
        FAIL() << "integer weights were accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("encoder.final_layer_norm.weight is I32"),
                  std::string::npos)
            << e.what();
    }
}

TEST(StreamedT5Encoder, BadInputsGetTheResidentEncodersErrors) {
    PIXART_REQUIRE_SHARED();
    StreamedT5Encoder streamed(tiny_text_encoder(), torch::kFloat32, torch::kCPU);
    const auto ids = torch::tensor({{5, 40000}}, torch::kLong);
    try {
        streamed.forward(ids, torch::ones({1, 2}, torch::kLong));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("token id 40000 is outside the vocabulary"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
