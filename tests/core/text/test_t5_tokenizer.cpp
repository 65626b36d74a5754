// T5Tokenizer against tokenizer.safetensors / prompts.json (diffusers PixArtSigmaPipeline
// .encode_prompt, transformers 4.41.2 slow T5Tokenizer): exact ids, masks and untruncated counts
// for all 20 prompts, clean_caption false and true. This executable links libtorch (through
// pixart::core), so it also proves the sentencepiece module works via dlopen in a torch process.
#include "text/t5_tokenizer.h"

#include <gtest/gtest.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>

#include "api/errors.h"
#include "api/generation_request.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

using pixart::Error;
using pixart::ErrorKind;
using pixart::T5Tokenizer;
using pixart::TokenizedPrompt;
using pixart::test::TempDir;

namespace {

std::string spiece_model() { return pixart::test::tiny_model_dir() + "/tokenizer/spiece.model"; }

const nlohmann::json& prompts() {
    static const nlohmann::json json = [] {
        std::ifstream in(pixart::test::golden_path("prompts.json"));
        return nlohmann::json::parse(in);
    }();
    return json;
}

const T5Tokenizer& tokenizer() {
    static const T5Tokenizer t(spiece_model());
    return t;
}

torch::Tensor to_tensor(const std::vector<std::int64_t>& values) {
    return torch::tensor(values, torch::dtype(torch::kInt64));
}

// Rows of encode() for every prompt, stacked like the golden [20, 300] tensors.
struct Batch {
    torch::Tensor ids, mask, num_tokens;
};

Batch encode_all(bool clean_caption) {
    std::vector<torch::Tensor> ids, masks;
    std::vector<std::int64_t> counts;
    for (const auto& item : prompts()) {
        const TokenizedPrompt t =
            tokenizer().encode(item.at("prompt").get<std::string>(), clean_caption, 300);
        ids.push_back(to_tensor(t.input_ids));
        masks.push_back(to_tensor(t.attention_mask));
        counts.push_back(t.num_tokens);
    }
    return {torch::stack(ids), torch::stack(masks), to_tensor(counts)};
}

// Sets an environment variable for the scope of a test.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }

  private:
    const char* name_;
    std::optional<std::string> old_;
};

template <typename Fn>
void expect_error(Fn fn, ErrorKind kind, const std::string& fragment) {
    try {
        fn();
        ADD_FAILURE() << "expected a pixart::Error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(T5Tokenizer, GoldenIdsMasksAndCounts) {
    PIXART_REQUIRE_SHARED();
    ASSERT_EQ(prompts().size(), 20u);
    const auto batch = encode_all(false);
    const std::string file = "tokenizer.safetensors";
    EXPECT_TENSOR_EQ(batch.ids, pixart::test::golden_tensor(file, "input_ids"));
    EXPECT_TENSOR_EQ(batch.mask, pixart::test::golden_tensor(file, "attention_mask"));
    EXPECT_TENSOR_EQ(batch.num_tokens, pixart::test::golden_tensor(file, "num_tokens"));
}

TEST(T5Tokenizer, GoldenIdsMasksAndCountsWithCleanCaption) {
    PIXART_REQUIRE_SHARED();
    const auto batch = encode_all(true);
    const std::string file = "tokenizer.safetensors";
    EXPECT_TENSOR_EQ(batch.ids, pixart::test::golden_tensor(file, "input_ids_clean"));
    EXPECT_TENSOR_EQ(batch.mask, pixart::test::golden_tensor(file, "attention_mask_clean"));
    EXPECT_TENSOR_EQ(batch.num_tokens, pixart::test::golden_tensor(file, "num_tokens_clean"));
}

TEST(T5Tokenizer, GoldenPreprocessingAndPieces) {
    PIXART_REQUIRE_SHARED();
    for (const auto& item : prompts()) {
        const auto prompt = item.at("prompt").get<std::string>();
        SCOPED_TRACE("prompt " + std::to_string(item.at("index").get<int>()) + ": " + prompt);
        EXPECT_EQ(tokenizer().preprocess(prompt, false),
                  item.at("preprocessed").get<std::string>());
        EXPECT_EQ(tokenizer().preprocess(prompt, true),
                  item.at("preprocessed_clean_caption").get<std::string>());
        const auto t = tokenizer().encode(prompt);
        EXPECT_EQ(t.num_tokens, item.at("num_tokens_untruncated").get<int>());
        const auto real = std::vector<std::int64_t>(
            t.input_ids.begin(), t.input_ids.begin() + std::min(t.num_tokens, 300));
        EXPECT_EQ(tokenizer().pieces(real), item.at("tokens").get<std::vector<std::string>>());
    }
}

TEST(T5Tokenizer, TruncatesTo299PiecesPlusEos) {
    PIXART_REQUIRE_SHARED();
    const auto prompt = prompts().at(19).at("prompt").get<std::string>();
    const auto t = tokenizer().encode(prompt);
    EXPECT_EQ(t.num_tokens, 675);
    ASSERT_EQ(t.input_ids.size(), 300u);
    EXPECT_EQ(t.input_ids.back(), T5Tokenizer::kEosId);
    EXPECT_EQ(std::count(t.attention_mask.begin(), t.attention_mask.end(), 1), 300);
    const auto untruncated = tokenizer().tokenize(tokenizer().preprocess(prompt, false));
    ASSERT_EQ(untruncated.size(), 674u);
    EXPECT_TRUE(std::equal(untruncated.begin(), untruncated.begin() + 299, t.input_ids.begin()));

    const auto short_one = tokenizer().encode(prompt, false, 8);
    ASSERT_EQ(short_one.input_ids.size(), 8u);
    EXPECT_EQ(short_one.input_ids.back(), T5Tokenizer::kEosId);
    EXPECT_EQ(short_one.num_tokens, 675);
}

// Only the first 300 tokens count, and caption cleaning is quadratic on long words: a prompt
// over kMaxPromptBytes is refused at once (one 120k-character word took > 120 s).
TEST(T5Tokenizer, RefusesPromptsOverTheLimit) {
    PIXART_REQUIRE_SHARED();
    const std::string at_limit(pixart::kMaxPromptBytes, 'a');
    EXPECT_GT(tokenizer().encode(at_limit).num_tokens, 300);
    try {
        tokenizer().encode(std::string(120000, 'a'), true);
        FAIL() << "a 120000-byte prompt was accepted";
    } catch (const pixart::Error& e) {
        EXPECT_EQ(e.kind(), pixart::ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("a prompt of 120000 bytes is too long: at most 16384"),
                  std::string::npos) << e.what();
    }
}

TEST(T5Tokenizer, SpecialTokenStrings) {
    PIXART_REQUIRE_SHARED();
    // <extra_id_N> = 32099 - N; text around added tokens is encoded chunk by chunk.
    EXPECT_EQ(tokenizer().tokenize("<extra_id_0><extra_id_99><unk><pad></s>"),
              (std::vector<std::int64_t>{32099, 32000, 2, 0, 1}));
    EXPECT_EQ(tokenizer().tokenize("a<extra_id_7>b"), tokenizer().tokenize("a <extra_id_7> b"));
    // Not added tokens: no such id, a leading zero, an unclosed bracket.
    for (const std::string text : {"<extra_id_100>", "<extra_id_05>", "<pad", "<s>"}) {
        for (const auto id : tokenizer().tokenize(text)) EXPECT_LT(id, 32000) << text;
    }
    // A prompt that ends with a typed </s> gets no second one (_add_eos_if_not_present).
    const auto t = tokenizer().encode("a cat </s>");
    EXPECT_EQ(t.num_tokens, static_cast<int>(tokenizer().tokenize("a cat </s>").size()));
    EXPECT_EQ(t.input_ids[static_cast<size_t>(t.num_tokens) - 1], 1);
    EXPECT_EQ(t.input_ids[static_cast<size_t>(t.num_tokens)], 0);
    EXPECT_EQ(tokenizer().pieces({32099, 32000, 1, 0}),
              (std::vector<std::string>{"<extra_id_0>", "<extra_id_99>", "</s>", "<pad>"}));
    EXPECT_EQ(tokenizer().vocab_size(), 32100);
}

TEST(T5Tokenizer, EmptyPromptIsEosThenPadding) {
    PIXART_REQUIRE_SHARED();
    for (const std::string prompt : {"", "   \t\n"}) {
        const auto t = tokenizer().encode(prompt, false, 300);
        EXPECT_EQ(t.num_tokens, 1);
        EXPECT_EQ(t.input_ids[0], 1);
        EXPECT_EQ(std::count(t.input_ids.begin(), t.input_ids.end(), 0), 299);
        EXPECT_EQ(std::count(t.attention_mask.begin(), t.attention_mask.end(), 1), 1);
    }
}

TEST(T5Tokenizer, BadArguments) {
    PIXART_REQUIRE_SHARED();
    expect_error([] { tokenizer().encode("a cat", false, 1); }, ErrorKind::InvalidArgument,
                 "max_length");
    expect_error([] { tokenizer().pieces({32100}); }, ErrorKind::InvalidArgument, "32100");
    expect_error([] { tokenizer().pieces({-1}); }, ErrorKind::InvalidArgument, "-1");
}

TEST(T5Tokenizer, MissingModelFile) {
    TempDir dir;
    expect_error([&] { T5Tokenizer t(dir.file("spiece.model")); }, ErrorKind::ModelFolder,
                 "spiece.model");
}

TEST(T5Tokenizer, CorruptModelFile) {
    TempDir dir;
    std::ofstream(dir.file("spiece.model")) << "this is not a sentencepiece model";
    expect_error([&] { T5Tokenizer t(dir.file("spiece.model")); }, ErrorKind::CorruptFile,
                 "spiece.model");
}

TEST(T5Tokenizer, MissingModuleNamedByEnvironment) {
    TempDir dir;
    std::ofstream(dir.file("spiece.model")) << "never read";
    {
        const ScopedEnv env("PIXART_TOKENIZER_MODULE", "/nonexistent/libpixart_spm.so");
        expect_error([&] { T5Tokenizer t(dir.file("spiece.model")); }, ErrorKind::Unsupported,
                     "/nonexistent/libpixart_spm.so");
    }
    {
        // A file that is not a shared library.
        std::ofstream(dir.file("libpixart_spm.so")) << "not an ELF file";
        const ScopedEnv env("PIXART_TOKENIZER_MODULE", dir.path());
        expect_error([&] { T5Tokenizer t(dir.file("spiece.model")); }, ErrorKind::Unsupported,
                     "cannot load");
    }
}
