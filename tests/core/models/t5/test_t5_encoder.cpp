// T5EncoderModel parity with transformers 4.41.2 on the tiny model (golden/t5_encoder.safetensors),
// the trimmed fast path, and the loading / input error paths.
#include "models/t5/t5_encoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>

#include "../../loading/safetensors_writer.h"
#include "api/errors.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace fs = std::filesystem;
using pixart::Error;
using pixart::ErrorKind;
using pixart::test::golden_tensor;
using pixart::test::relative_l2;

namespace {

constexpr const char* kGolden = "t5_encoder.safetensors";
constexpr double kTolerance = 1e-5;

std::string text_encoder_dir() { return pixart::test::tiny_model_dir() + "/text_encoder"; }

pixart::T5Encoder& tiny_encoder() {
    static pixart::T5Encoder model = pixart::load_t5_encoder(text_encoder_dir());
    return model;
}

// Worst relative L2 error per golden tensor name over all checks, printed at the end so the
// reached tolerances are visible in the test log.
std::map<std::string, double>& worst_errors() {
    static std::map<std::string, double> worst;
    return worst;
}

void expect_close(const std::string& name, const torch::Tensor& actual,
                  const torch::Tensor& expected, double tolerance) {
    ASSERT_EQ(actual.sizes(), expected.sizes()) << name;
    const double rel = relative_l2(actual, expected);
    auto& worst = worst_errors()[name];
    worst = std::max(worst, rel);
    EXPECT_LE(rel, tolerance) << name << ": relative L2 error";
}

class ToleranceReport : public ::testing::Environment {
  public:
    void TearDown() override {
        for (const auto& [name, rel] : worst_errors()) {
            std::cout << "[ t5 tolerance ] " << name << ": worst relative L2 " << rel << '\n';
        }
    }
};
[[maybe_unused]] const auto* const kReport =
    ::testing::AddGlobalTestEnvironment(new ToleranceReport);

// Compares one run (rows `rows` of the goldens) with every golden output.
void expect_matches_golden(const std::vector<int64_t>& rows) {
    auto& model = tiny_encoder();
    const auto index = torch::tensor(rows, torch::kLong);
    const auto ids = golden_tensor(kGolden, "input_ids").index_select(0, index);
    const auto mask = golden_tensor(kGolden, "attention_mask").index_select(0, index);
    torch::InferenceMode guard;

    const auto hidden_states = model->forward_hidden_states(ids, mask);
    const auto expected_hidden = golden_tensor(kGolden, "hidden_states").index_select(0, index);
    ASSERT_EQ(static_cast<int64_t>(hidden_states.size()), expected_hidden.size(1));
    for (std::size_t i = 0; i < hidden_states.size(); ++i) {
        expect_close("hidden_states[" + std::to_string(i) + "]", hidden_states[i],
                     expected_hidden.select(1, static_cast<int64_t>(i)), kTolerance);
    }
    const auto blocks = model->forward_block_outputs(ids, mask);
    ASSERT_EQ(static_cast<int>(blocks.size()), model->config().num_layers);
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto name = "block_out." + std::to_string(i);
        expect_close(name, blocks[i], golden_tensor(kGolden, name).index_select(0, index),
                     kTolerance);
    }
    const auto last = model->forward(ids, mask);
    expect_close("last_hidden_state", last,
                 golden_tensor(kGolden, "last_hidden_state").index_select(0, index), kTolerance);
    EXPECT_TENSOR_EQ(last, hidden_states.back());
}

// The tiny checkpoint as raw tensors, for writing altered copies.
std::vector<pixart::test::RawTensor> tiny_tensors() {
    std::vector<pixart::test::RawTensor> raw;
    for (const auto& [name, tensor] :
         pixart::read_all_tensors(text_encoder_dir() + "/model.safetensors")) {
        const auto flat = tensor.contiguous().to(torch::kFloat);
        raw.push_back(
            {name, "F32", tensor.sizes().vec(),
             std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel())});
    }
    return raw;
}

// A text_encoder folder with the tiny config and the tensors `edit` leaves.
std::string write_text_encoder(
    const pixart::test::TempDir& dir,
    const std::function<void(std::vector<pixart::test::RawTensor>&)>& edit) {
    fs::copy_file(text_encoder_dir() + "/config.json", dir.file("config.json"));
    auto tensors = tiny_tensors();
    edit(tensors);
    pixart::test::write_safetensors(dir.file("model.safetensors"), tensors);
    return dir.path();
}

pixart::test::RawTensor& find_raw(std::vector<pixart::test::RawTensor>& tensors,
                                  const std::string& name) {
    auto it =
        std::find_if(tensors.begin(), tensors.end(), [&](const auto& t) { return t.name == name; });
    if (it == tensors.end()) throw std::runtime_error("tiny checkpoint has no " + name);
    return *it;
}

// Runs `action`, expecting a pixart::Error of `kind` whose message contains every fragment.
void expect_error(const std::function<void()>& action, ErrorKind kind,
                  const std::vector<std::string>& fragments) {
    try {
        action();
        ADD_FAILURE() << "expected a pixart::Error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        for (const auto& f : fragments) {
            EXPECT_NE(std::string(e.what()).find(f), std::string::npos)
                << "'" << f << "' not in: " << e.what();
        }
    }
}

}  // namespace

TEST(T5Encoder, RegistersTheTransformersStateDictNames) {
    PIXART_REQUIRE_SHARED();
    std::vector<std::string> names;
    for (const auto& p : tiny_encoder()->named_parameters()) names.push_back(p.key());
    std::sort(names.begin(), names.end());
    std::vector<std::string> expected;
    for (const auto& t : tiny_tensors()) expected.push_back(t.name);
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(names, expected);
}

TEST(T5Encoder, EachPromptAloneMatchesTransformers) {
    PIXART_REQUIRE_SHARED();
    const auto count = golden_tensor(kGolden, "input_ids").size(0);
    for (int64_t r = 0; r < count; ++r) {
        SCOPED_TRACE("prompt row " + std::to_string(r));
        expect_matches_golden({r});
    }
}

TEST(T5Encoder, BatchOfAllPromptsMatchesTransformers) {
    PIXART_REQUIRE_SHARED();
    expect_matches_golden({0, 1, 2, 3, 4, 5});
}

TEST(T5Encoder, RelativePositionBucketsAreExact) {
    PIXART_REQUIRE_SHARED();
    const auto relative_position = torch::arange(-299, 300, torch::kLong);  // key - query
    const auto& config = tiny_encoder()->config();
    const auto buckets = pixart::T5AttentionImpl::relative_position_bucket(
        relative_position, config.relative_attention_num_buckets,
        config.relative_attention_max_distance);
    EXPECT_TENSOR_EQ(buckets, golden_tensor(kGolden, "rel_pos_bucket"));
}

TEST(T5Encoder, PositionBiasOfBlockZeroMatches) {
    PIXART_REQUIRE_SHARED();
    torch::InferenceMode guard;
    const auto& attention = tiny_encoder()->encoder->blocks.front()->self_attention->SelfAttention;
    expect_close("position_bias_16x16", attention->compute_bias(16, 16),
                 golden_tensor(kGolden, "position_bias_16x16"), 1e-6);
}

TEST(T5Encoder, RealTokenPathAgreesWithTheFullPass) {
    PIXART_REQUIRE_SHARED();
    auto& model = tiny_encoder();
    const auto ids = golden_tensor(kGolden, "input_ids");
    const auto mask = golden_tensor(kGolden, "attention_mask");
    const auto expected = golden_tensor(kGolden, "last_hidden_state");
    torch::InferenceMode guard;
    // Checks rows `index` (right-padded, so the real tokens of the batch are positions < n).
    auto check = [&](const torch::Tensor& index) {
        const auto m = mask.index_select(0, index);
        const auto n = m.sum(1).max().item<int64_t>();
        const auto trimmed = model->encode_real_tokens(ids.index_select(0, index), m);
        const auto full = model->forward(ids.index_select(0, index), m);
        ASSERT_EQ(trimmed.sizes(), full.sizes());
        expect_close("encode_real_tokens rows < n vs forward", trimmed.narrow(1, 0, n),
                     full.narrow(1, 0, n), 1e-6);
        expect_close("encode_real_tokens rows < n vs golden", trimmed.narrow(1, 0, n),
                     expected.index_select(0, index).narrow(1, 0, n), kTolerance);
        EXPECT_EQ(trimmed.narrow(1, n, m.size(1) - n).abs().max().item<float>(), 0.f);
    };
    std::vector<int64_t> padded_rows;
    for (int64_t r = 0; r < ids.size(0); ++r) {
        if (mask[r].sum().item<int64_t>() < mask.size(1)) padded_rows.push_back(r);
    }
    ASSERT_GE(padded_rows.size(), 2u) << "the goldens should hold short prompts";
    for (const auto r : padded_rows) check(torch::tensor({r}, torch::kLong));
    check(torch::tensor(padded_rows, torch::kLong));  // prompts of different lengths together
}

TEST(T5Encoder, RealTokenPathWithoutPaddingIsTheFullPass) {
    PIXART_REQUIRE_SHARED();
    torch::InferenceMode guard;
    const auto ids = golden_tensor(kGolden, "input_ids").narrow(0, 0, 1).narrow(1, 0, 12);
    const auto mask = torch::ones_like(ids);
    EXPECT_TENSOR_EQ(tiny_encoder()->encode_real_tokens(ids, mask),
                     tiny_encoder()->forward(ids, mask));
}

TEST(T5Encoder, TokenTableStoredAsEmbedTokensBindsToShared) {
    PIXART_REQUIRE_SHARED();
    pixart::test::TempDir dir;
    const auto folder = write_text_encoder(dir, [](auto& tensors) {
        find_raw(tensors, "shared.weight").name = "encoder.embed_tokens.weight";
    });
    auto model = pixart::load_t5_encoder(folder);
    torch::InferenceMode guard;
    EXPECT_TENSOR_EQ(model->shared->weight, tiny_encoder()->shared->weight);
}

TEST(T5Encoder, MissingTensorIsNamed) {
    PIXART_REQUIRE_SHARED();
    pixart::test::TempDir dir;
    const auto folder = write_text_encoder(dir, [](auto& tensors) {
        tensors.erase(std::find_if(tensors.begin(), tensors.end(), [](const auto& t) {
            return t.name == "encoder.block.1.layer.1.DenseReluDense.wo.weight";
        }));
    });
    expect_error([&] { pixart::load_t5_encoder(folder); }, ErrorKind::ModelFolder,
                 {"text_encoder", "missing", "encoder.block.1.layer.1.DenseReluDense.wo.weight"});
}

TEST(T5Encoder, WrongShapeIsNamed) {
    PIXART_REQUIRE_SHARED();
    pixart::test::TempDir dir;
    const auto folder = write_text_encoder(dir, [](auto& tensors) {
        auto& norm = find_raw(tensors, "encoder.final_layer_norm.weight");
        norm.shape = {31};
        norm.values.resize(31);
    });
    expect_error([&] { pixart::load_t5_encoder(folder); }, ErrorKind::ModelFolder,
                 {"encoder.final_layer_norm.weight is [31], expected [32]"});
}

TEST(T5Encoder, WrongShapedEmbedTokensIsNamed) {
    PIXART_REQUIRE_SHARED();
    pixart::test::TempDir dir;
    const auto folder = write_text_encoder(dir, [](auto& tensors) {
        auto& table = find_raw(tensors, "shared.weight");
        table.name = "encoder.embed_tokens.weight";
        table.shape = {32128 / 2, 64};
    });
    expect_error([&] { pixart::load_t5_encoder(folder); }, ErrorKind::ModelFolder,
                 {"encoder.embed_tokens.weight is [16064, 64], expected [32128, 32]"});
}

TEST(T5Encoder, ConfigThatDoesNotFitTheCheckpointIsReported) {
    PIXART_REQUIRE_SHARED();
    auto config = pixart::T5Config::from_file(text_encoder_dir() + "/config.json");
    config.d_ff = 48;
    config.num_layers = 3;
    pixart::T5Encoder model(config);
    const auto checkpoint = pixart::Checkpoint::open_component(text_encoder_dir(), "model");
    expect_error(
        [&] { model->bind_weights(checkpoint); }, ErrorKind::ModelFolder,
        {"missing", "encoder.block.2.layer.0.SelfAttention.q.weight",
         "encoder.block.0.layer.1.DenseReluDense.wi_0.weight is [64, 32], expected [48, 32]"});
}

TEST(T5Encoder, BadInputsAreRejected) {
    PIXART_REQUIRE_SHARED();
    auto& model = tiny_encoder();
    const auto ids = torch::ones({1, 8}, torch::kLong);
    const auto mask = torch::ones({1, 8}, torch::kLong);
    expect_error([&] { model->forward(ids.view({8}), mask.view({8})); }, ErrorKind::InvalidArgument,
                 {"[batch, length]"});
    expect_error(
        [&] {
            model->forward(ids, torch::ones({1, 7}, torch::kLong));
        },
        ErrorKind::InvalidArgument, {"attention_mask [1, 7]"});
    expect_error([&] { model->forward(ids.to(torch::kFloat), mask); }, ErrorKind::InvalidArgument,
                 {"integers"});
    expect_error(
        [&] {
            model->forward(torch::full({1, 8}, 32128, torch::kLong), mask);
        },
        ErrorKind::InvalidArgument, {"token id 32128 is outside the vocabulary"});
    expect_error(
        [&] {
            model->encode_real_tokens(torch::full({1, 8}, -1, torch::kLong), mask);
        },
        ErrorKind::InvalidArgument, {"token id -1"});
}

// The real checkpoints ship half-precision weights. CPU libtorch 1.13 has no fp16 matmul, so bf16
// exercises the half paths here (norm statistics in float32, bf16 finfo.min mask); bf16 keeps 8
// mantissa bits, hence the loose bound.
TEST(T5Encoder, Bfloat16WeightsStayCloseToFloat32) {
    PIXART_REQUIRE_SHARED();
    auto model = pixart::load_t5_encoder(text_encoder_dir(), torch::kBFloat16);
    EXPECT_EQ(model->dtype(), torch::kBFloat16);
    torch::InferenceMode guard;
    const auto out = model->forward(golden_tensor(kGolden, "input_ids"),
                                    golden_tensor(kGolden, "attention_mask"));
    EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
    expect_close("last_hidden_state (bf16 weights)", out,
                 golden_tensor(kGolden, "last_hidden_state"), 2e-2);
}
