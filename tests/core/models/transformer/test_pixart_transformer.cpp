// PixArtTransformer2DModel against diffusers' goldens (golden/README.md, transformer.safetensors).
#include "models/transformer/pixart_transformer_2d.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "../../loading/safetensors_writer.h"
#include "api/errors.h"
#include "models/cpu_attention/attention_kernel.h"
#include "models/transformer/sincos_pos_embed.h"
#include "models/transformer/timestep_sinusoids.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

using pixart::Error;
using pixart::ErrorKind;
using pixart::test::golden_tensor;

namespace {

constexpr double kTolerance = 1e-5;
constexpr double kPosEmbedTolerance = 1e-6;
const char* const kGolden = "transformer.safetensors";

std::string transformer_dir() { return pixart::test::tiny_model_dir() + "/transformer"; }

pixart::PixArtTransformer2DModel& tiny_model() {
    static auto model = pixart::load_pixart_transformer(transformer_dir());
    return model;
}

torch::Tensor g(const std::string& name) { return golden_tensor(kGolden, name); }

// Checks one golden tensor and records the error reached (in --gtest_output=xml:...).
void expect_golden(const torch::Tensor& actual, const std::string& name,
                   double tolerance = kTolerance) {
    const auto expected = g(name);
    EXPECT_CLOSE_REL(actual, expected, tolerance) << name;
    if (actual.sizes() == expected.sizes()) {
        std::ostringstream error;
        error << std::scientific << pixart::test::relative_l2(actual, expected);
        ::testing::Test::RecordProperty(name, error.str());
    }
}

struct CaseInputs {
    torch::Tensor hidden, text, mask, timestep;
};

CaseInputs inputs(const std::string& c) {
    return {g(c + ".hidden_states"), g(c + ".encoder_hidden_states"),
            g(c + ".encoder_attention_mask"), g(c + ".timestep")};
}

class TransformerGolden : public ::testing::TestWithParam<std::string> {};

// Every stage of forward, chained on our own outputs as forward chains them, against each
// intermediate diffusers produced; then the whole forward.
TEST_P(TransformerGolden, EveryIntermediateAndOutputMatchDiffusers) {
    PIXART_REQUIRE_SHARED();
    torch::NoGradGuard no_grad;
    const std::string c = GetParam();
    auto& model = tiny_model();
    const auto in = inputs(c);
    const int64_t p = model->config().patch_size;
    const int64_t grid_h = in.hidden.size(2) / p, grid_w = in.hidden.size(3) / p;
    const int64_t batch = in.hidden.size(0);

    expect_golden(model->pos_embed(grid_h, grid_w), c + ".pos_embed", kPosEmbedTolerance);
    expect_golden(pixart::timestep_sinusoids(in.timestep, 256), c + ".time_proj");

    const auto time = model->embed_timestep(in.timestep, batch);
    expect_golden(time.modulation, c + ".adaln_t");
    expect_golden(time.embedded_timestep, c + ".adaln_embedded_timestep");

    auto hidden = model->embed_patches(in.hidden);
    expect_golden(hidden, c + ".patch_embed_out");

    expect_golden(model->project_caption(in.text), c + ".caption_projection_out");
    const auto text = model->prepare_text(in.text, in.mask, /*drop_padding=*/false);
    expect_golden(text.caption, c + ".caption_projection_out");

    for (size_t i = 0; i < model->num_blocks(); ++i) {
        pixart::BasicTransformerBlockTrace trace;
        hidden = model->run_block(i, hidden, time.modulation, text, &trace);
        expect_golden(hidden, c + ".block_out." + std::to_string(i));
        if (i == 0) {
            expect_golden(trace.attn1_out, c + ".block0.attn1_out");
            expect_golden(trace.attn2_out, c + ".block0.attn2_out");
            expect_golden(trace.ff_out, c + ".block0.ff_out");
        }
    }
    const auto patches = model->project_output(hidden, time.embedded_timestep);
    expect_golden(patches, c + ".proj_out_out");
    EXPECT_CLOSE_REL(model->unpatchify(patches, grid_h, grid_w), g(c + ".output"), kTolerance);

    expect_golden(model->forward(in.hidden, in.text, in.mask, in.timestep), c + ".output");
}

// The generation path: text work done once, trailing padding dropped from cross-attention.
TEST_P(TransformerGolden, PreparedTextWithPaddingDroppedEqualsPlainForward) {
    PIXART_REQUIRE_SHARED();
    const std::string c = GetParam();
    auto& model = tiny_model();
    const auto in = inputs(c);
    const auto plain = model->forward(in.hidden, in.text, in.mask, in.timestep);
    const auto text = model->prepare_text(in.text, in.mask);
    // sq: the last token any row keeps is 16 of 300; nonsq: row 0 keeps all 300.
    EXPECT_EQ(text.dropped_tokens, c == "sq" ? 283 : 0);
    // sq's row 1 attends its end token only (as an empty negative prompt): the one-key shortcut.
    if (c == "sq") {
        EXPECT_EQ(text.one_key, (std::vector<int64_t>{-1, 0}));
    }
    EXPECT_EQ(text.caption.size(1), in.text.size(1) - text.dropped_tokens);
    const auto fast = model->forward(in.hidden, text, in.timestep);
    EXPECT_CLOSE_REL(fast, plain, kTolerance);
    std::ostringstream error;
    error << std::scientific << pixart::test::relative_l2(fast, plain);
    RecordProperty("prepared_vs_plain", error.str());
    EXPECT_CLOSE_REL(fast, g(c + ".output"), kTolerance);
    // Reused for a second step with another timestep, as the denoising loop does.
    const auto t2 = torch::full_like(in.timestep, 500);
    EXPECT_CLOSE_REL(model->forward(in.hidden, text, t2),
                     model->forward(in.hidden, in.text, in.mask, t2), kTolerance);
}

// The exact per-step speed-ups (fused QKV, in-place adds) change nothing but rounding.
TEST_P(TransformerGolden, OptimizationsOffGiveTheSameOutput) {
    PIXART_REQUIRE_SHARED();
    const std::string c = GetParam();
    auto& model = tiny_model();
    const auto in = inputs(c);
    const auto text = model->prepare_text(in.text, in.mask);
    const auto optimised = model->forward(in.hidden, text, in.timestep);
    model->set_optimizations({/*fused_qkv=*/false, /*in_place=*/false});
    const auto plain = model->forward(in.hidden, text, in.timestep);
    model->set_optimizations({});
    EXPECT_CLOSE_REL(optimised, plain, kTolerance);
    EXPECT_CLOSE_REL(plain, g(c + ".output"), kTolerance);
}

INSTANTIATE_TEST_SUITE_P(Golden, TransformerGolden, ::testing::Values("sq", "nonsq"));

// to_q/to_k/to_v are views into the stacked QKV weight: a weight written through its parameter
// (as bind_state_dict does) is what the fused matmul uses, and parameters replaced by
// module->to() are stacked again before the next forward.
TEST(Transformer, FusedQkvFollowsItsParameters) {
    PIXART_REQUIRE_SHARED();
    torch::NoGradGuard no_grad;
    auto model = pixart::load_pixart_transformer(transformer_dir());
    const auto in = inputs("sq");
    const auto text = model->prepare_text(in.text, in.mask);
    auto params = model->named_parameters();
    auto& to_k = params["transformer_blocks.0.attn1.to_k.weight"];
    to_k.mul_(1.5);
    const auto fused = model->forward(in.hidden, text, in.timestep);
    model->set_optimizations({/*fused_qkv=*/false, /*in_place=*/true});
    const auto separate = model->forward(in.hidden, text, in.timestep);
    EXPECT_CLOSE_REL(fused, separate, kTolerance);
    EXPECT_GT(pixart::test::relative_l2(fused, g("sq.output")), 1e-3);  // the change took effect

    model->set_optimizations({});
    model->to(torch::kFloat64);
    model->to(torch::kFloat32);  // every parameter is a new tensor now
    to_k.div_(1.5);              // the original weight again
    EXPECT_CLOSE_REL(model->forward(in.hidden, model->prepare_text(in.text, in.mask), in.timestep),
                     g("sq.output"), kTolerance);
}

pixart::PixArtTransformer2DModelImpl::Optimizations with_attention(pixart::CpuAttention kernel) {
    pixart::PixArtTransformer2DModelImpl::Optimizations optimizations;
    optimizations.cpu_attention = kernel;
    return optimizations;
}

TEST(Transformer, ChunkedAttentionEqualsUnchunked) {
    PIXART_REQUIRE_SHARED();
    auto model = pixart::load_pixart_transformer(transformer_dir());
    model->set_optimizations(with_attention(pixart::CpuAttention::Batched));  // the chunked path
    const auto in = inputs("sq");
    const auto text = model->prepare_text(in.text, in.mask);
    const auto whole = model->forward(in.hidden, text, in.timestep);
    // 2 images x 2 heads x 256 keys x 4 bytes per query: 7 queries per chunk, the last one short.
    model->set_attention_score_budget_bytes(7 * 2 * 2 * 256 * 4);
    const auto chunked = model->forward(in.hidden, text, in.timestep);
    EXPECT_CLOSE_REL(chunked, whole, 1e-6);
    EXPECT_CLOSE_REL(chunked, g("sq.output"), kTolerance);
}

TEST(Transformer, BlockedAttentionEqualsBatched) {
    PIXART_REQUIRE_SHARED();
    auto model = pixart::load_pixart_transformer(transformer_dir());
    const auto in = inputs("nonsq");
    const auto text = model->prepare_text(in.text, in.mask);
    model->set_optimizations(with_attention(pixart::CpuAttention::Batched));
    const auto batched = model->forward(in.hidden, text, in.timestep);
    model->set_optimizations(with_attention(pixart::CpuAttention::Blocked));
    model->set_attention_score_budget_bytes(5 * 2 * 256 * 4);  // several blocks per head
    const auto with_blocks = model->forward(in.hidden, text, in.timestep);
    EXPECT_CLOSE_REL(with_blocks, batched, 1e-6);
    EXPECT_CLOSE_REL(with_blocks, g("nonsq.output"), kTolerance);
}

// The residual stream laid out row-major (the default) or channel-major as diffusers leaves it:
// every op after the patch embedding is row-wise or elementwise, so the output is the same bit
// for bit, and both match diffusers.
TEST(Transformer, RowMajorTokensChangeNoValue) {
    PIXART_REQUIRE_SHARED();
    auto model = pixart::load_pixart_transformer(transformer_dir());
    const auto in = inputs("nonsq");
    const auto text = model->prepare_text(in.text, in.mask);
    pixart::PixArtTransformer2DModelImpl::Optimizations channel_major;
    channel_major.row_major_tokens = false;
    model->set_optimizations(channel_major);
    const auto diffusers_layout = model->forward(in.hidden, text, in.timestep);
    model->set_optimizations({});
    const auto row_major = model->forward(in.hidden, text, in.timestep);
    EXPECT_TRUE(torch::equal(row_major, diffusers_layout))
        << "max difference " << (row_major - diffusers_layout).abs().max().item<double>();
    EXPECT_CLOSE_REL(row_major, g("nonsq.output"), kTolerance);
}

// The default on a CPU with AVX-512 or AVX2: both attentions of every block by the fused kernel
// (the self-attention's keys 256 > one score tile, the cross-attention's masked text keys).
TEST(Transformer, FusedAttentionEqualsBatched) {
    PIXART_REQUIRE_SHARED();
    if (!pixart::cpu_attention::best_attention_kernel())
        GTEST_SKIP() << "this CPU has neither AVX-512 nor AVX2: the fused attention kernel does "
                        "not run here";
    auto model = pixart::load_pixart_transformer(transformer_dir());
    const auto in = inputs("nonsq");
    const auto text = model->prepare_text(in.text, in.mask);
    model->set_optimizations(with_attention(pixart::CpuAttention::Batched));
    const auto batched = model->forward(in.hidden, text, in.timestep);
    model->set_optimizations(with_attention(pixart::CpuAttention::Fused));
    const auto fused = model->forward(in.hidden, text, in.timestep);
    EXPECT_CLOSE_REL(fused, batched, 1e-6);
    EXPECT_CLOSE_REL(fused, g("nonsq.output"), kTolerance);
}

TEST(Transformer, FullyMaskedRowKeepsAllTokens) {
    PIXART_REQUIRE_SHARED();
    auto& model = tiny_model();
    const auto in = inputs("sq");
    auto mask = in.mask.clone();
    mask[1].zero_();  // every token masked: softmax is uniform over all 300, nothing may be dropped
    const auto text = model->prepare_text(in.text, mask);
    EXPECT_EQ(text.dropped_tokens, 0);
    EXPECT_CLOSE_REL(model->forward(in.hidden, text, in.timestep),
                     model->forward(in.hidden, in.text, mask, in.timestep), kTolerance);
}

// A text row that attends one key (the empty negative prompt: its end token only) takes the
// shortcut: that key's value row for every query. The result is the full cross-attention's.
TEST(Transformer, OneKeyRowsEqualTheFullCrossAttention) {
    PIXART_REQUIRE_SHARED();
    auto& model = tiny_model();
    const auto in = inputs("sq");
    auto mask = in.mask.clone();
    mask[0].zero_();
    mask[0][3] = 1;  // row 0 attends token 3 only
    mask[1].zero_();
    mask[1].narrow(0, 0, 5).fill_(1);  // row 1 a five-token prompt
    const auto text = model->prepare_text(in.text, mask);
    ASSERT_EQ(text.one_key, (std::vector<int64_t>{3, -1}));
    const auto shortcut = model->forward(in.hidden, text, in.timestep);
    auto optimizations = pixart::PixArtTransformer2DModelImpl::Optimizations{};
    optimizations.one_key_rows = false;
    model->set_optimizations(optimizations);
    const auto attended = model->forward(in.hidden, text, in.timestep);
    model->set_optimizations({});
    EXPECT_CLOSE_REL(shortcut, attended, 1e-6);
    EXPECT_CLOSE_REL(shortcut, model->forward(in.hidden, in.text, mask, in.timestep), kTolerance);

    // Both rows on one key: no attention at all.
    mask[1].zero_();
    mask[1][0] = 1;
    const auto both = model->prepare_text(in.text, mask);
    ASSERT_EQ(both.one_key, (std::vector<int64_t>{3, 0}));
    EXPECT_CLOSE_REL(model->forward(in.hidden, both, in.timestep),
                     model->forward(in.hidden, in.text, mask, in.timestep), kTolerance);

    // A weight other than exactly 1, or a second key, is not a one-key row.
    mask[1][0] = 0.5;
    EXPECT_EQ(model->prepare_text(in.text, mask).one_key, (std::vector<int64_t>{3, -1}));
    mask[1][0] = 1;
    mask[1][1] = 1;  // a second key
    EXPECT_EQ(model->prepare_text(in.text, mask).one_key, (std::vector<int64_t>{3, -1}));
    // The diffusers path (padding kept) attends as diffusers does.
    EXPECT_TRUE(model->prepare_text(in.text, mask, /*drop_padding=*/false).one_key.empty());
}

TEST(Transformer, NoMaskMeansNoBias) {
    PIXART_REQUIRE_SHARED();
    auto& model = tiny_model();
    const auto in = inputs("nonsq");
    const auto text = model->prepare_text(in.text, torch::Tensor());
    EXPECT_FALSE(text.bias.defined());
    // With no mask every token counts, exactly as an all-ones mask.
    EXPECT_CLOSE_REL(model->forward(in.hidden, text, in.timestep),
                     model->forward(in.hidden, in.text, torch::ones_like(in.mask), in.timestep),
                     kTolerance);
}

TEST(Transformer, PosEmbedIsCachedPerGrid) {
    PIXART_REQUIRE_SHARED();
    auto& model = tiny_model();
    const auto a = model->pos_embed(8, 12);
    const auto b = model->pos_embed(8, 12);
    EXPECT_EQ(a.data_ptr(), b.data_ptr());
    // And is the free function's value for that grid (base_size 16, interpolation_scale 2).
    EXPECT_TENSOR_EQ(a, pixart::sincos_pos_embed_2d(48, 8, 12, 16, 2.0));
}

void expect_invalid_argument(const std::function<void()>& call, const std::string& fragment) {
    try {
        call();
        ADD_FAILURE() << "expected pixart::Error(InvalidArgument) mentioning '" << fragment << "'";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument) << e.what();
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(Transformer, RejectsBadInputsWithClearMessages) {
    PIXART_REQUIRE_SHARED();
    auto& model = tiny_model();
    const auto in = inputs("sq");
    expect_invalid_argument(
        [&] {
            model->forward(torch::zeros({2, 3, 32, 32}), in.text, in.mask, in.timestep);
        },
        "latents have 3 channels, the model expects 4");
    expect_invalid_argument(
        [&] {
            model->forward(torch::zeros({2, 4, 15, 32}), in.text, in.mask, in.timestep);
        },
        "latent size 15x32 is not a positive multiple of the patch size 2");
    expect_invalid_argument(
        [&] {
            model->forward(torch::zeros({2, 4, 32}), in.text, in.mask, in.timestep);
        },
        "latents must be [batch, channels, height, width]");
    expect_invalid_argument(
        [&] {
            model->forward(in.hidden, torch::zeros({2, 300, 16}), in.mask, in.timestep);
        },
        "text embeddings must be [batch, tokens, 32]");
    expect_invalid_argument(
        [&] { model->forward(in.hidden, in.text, in.mask.narrow(1, 0, 299), in.timestep); },
        "attention mask");
    expect_invalid_argument(
        [&] { model->forward(in.hidden, in.text, in.mask, torch::zeros({3}, torch::kInt64)); },
        "timestep has 3 values for a batch of 2");
    const auto one_text = model->prepare_text(in.text.narrow(0, 0, 1), in.mask.narrow(0, 0, 1));
    expect_invalid_argument([&] { model->forward(in.hidden, one_text, in.timestep); },
                            "does not fit latents of batch 2");
}

TEST(Transformer, WrongShapedCheckpointTensorIsNamed) {
    PIXART_REQUIRE_SHARED();
    pixart::test::TempDir dir;
    std::filesystem::copy_file(transformer_dir() + "/config.json", dir.file("config.json"));
    std::vector<pixart::test::RawTensor> raw;
    for (auto [name, tensor] : pixart::read_all_tensors(
             transformer_dir() + "/diffusion_pytorch_model.safetensors", torch::kFloat32)) {
        if (name == "proj_out.weight") tensor = tensor.narrow(0, 0, 16);  // [32, 48] -> [16, 48]
        tensor = tensor.contiguous();
        const float* data = tensor.data_ptr<float>();
        raw.push_back(
            {name, "F32", tensor.sizes().vec(), std::vector<float>(data, data + tensor.numel())});
    }
    pixart::test::write_safetensors(dir.file("diffusion_pytorch_model.safetensors"), raw);
    try {
        pixart::load_pixart_transformer(dir.path());
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ModelFolder);
        EXPECT_NE(std::string(e.what()).find("proj_out.weight is [16, 48], expected [32, 48]"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
