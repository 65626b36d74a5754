#include "loading/safetensors_file.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "api/errors.h"
#include "safetensors_writer.h"
#include "support/shared_data.h"

using pixart::Error;
using pixart::ErrorKind;
using pixart::SafetensorsFile;
using pixart::test::TempDir;

namespace {

// Opens `path` expecting a pixart::Error of `kind` whose message contains every fragment.
void expect_error(const std::string& path, ErrorKind kind, std::initializer_list<const char*> fragments) {
    try {
        SafetensorsFile file(path);
        ADD_FAILURE() << "expected an error for " << path;
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        for (const char* f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
    }
}

std::string tensor_header(const std::string& dtype, const std::string& shape, const std::string& offsets) {
    return R"({"w":{"dtype":")" + dtype + R"(","shape":)" + shape + R"(,"data_offsets":)" + offsets + "}}";
}

}  // namespace

TEST(SafetensorsFile, ReadsValidFileWithMetadata) {
    TempDir dir;
    const std::string header =
        R"({"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},)"
        R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]}})";
    std::string data(22, '\0');
    const float values[4] = {1.f, 2.f, 3.f, 4.f};
    std::memcpy(data.data(), values, sizeof values);
    pixart::test::write_raw_safetensors(dir.file("ok.safetensors"), header, data, header.size());

    SafetensorsFile file(dir.file("ok.safetensors"));
    ASSERT_EQ(file.tensors().size(), 2u);
    EXPECT_EQ(file.metadata().at("format"), "pt");
    const auto* a = file.find("a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->dtype, pixart::DType::F32);
    EXPECT_EQ(a->shape, (std::vector<std::int64_t>{2, 2}));
    float read[4];
    std::memcpy(read, file.data(*a), sizeof read);
    EXPECT_EQ(read[3], 4.f);
    EXPECT_EQ(file.find("b")->dtype, pixart::DType::BF16);
    EXPECT_EQ(file.find("missing"), nullptr);
}

TEST(SafetensorsFile, MissingFileIsAnIoError) {
    TempDir dir;
    expect_error(dir.file("absent.safetensors"), ErrorKind::Io, {"absent.safetensors", "cannot open"});
}

TEST(SafetensorsFile, FileShorterThanLengthField) {
    TempDir dir;
    std::ofstream(dir.file("tiny.safetensors")) << "abc";
    expect_error(dir.file("tiny.safetensors"), ErrorKind::CorruptFile, {"tiny.safetensors", "shorter than"});
}

TEST(SafetensorsFile, HeaderLargerThanFile) {
    TempDir dir;
    const std::string header = tensor_header("F32", "[1]", "[0,4]");
    pixart::test::write_raw_safetensors(dir.file("h.safetensors"), header, "abcd", 1 << 20);
    expect_error(dir.file("h.safetensors"), ErrorKind::CorruptFile, {"h.safetensors", "larger than the file"});
}

TEST(SafetensorsFile, TruncatedDataArea) {
    TempDir dir;
    pixart::test::write_safetensors(dir.file("t.safetensors"), {{"w", "F32", {4}, {1, 2, 3, 4}}});
    std::filesystem::resize_file(dir.file("t.safetensors"), std::filesystem::file_size(dir.file("t.safetensors")) - 4);
    expect_error(dir.file("t.safetensors"), ErrorKind::CorruptFile, {"tensor 'w'", "outside the data area"});
}

TEST(SafetensorsFile, MalformedJson) {
    TempDir dir;
    const std::string header = R"({"w": {"dtype": "F32", "shape": [1)";
    pixart::test::write_raw_safetensors(dir.file("j.safetensors"), header, "abcd", header.size());
    expect_error(dir.file("j.safetensors"), ErrorKind::CorruptFile, {"well-formed JSON"});
}

TEST(SafetensorsFile, UnknownDtype) {
    TempDir dir;
    const std::string header = tensor_header("F24", "[1]", "[0,4]");
    pixart::test::write_raw_safetensors(dir.file("d.safetensors"), header, "abcd", header.size());
    expect_error(dir.file("d.safetensors"), ErrorKind::CorruptFile, {"unknown dtype 'F24'"});
}

TEST(SafetensorsFile, SizeNotMatchingShape) {
    TempDir dir;
    const std::string header = tensor_header("F32", "[2]", "[0,4]");
    pixart::test::write_raw_safetensors(dir.file("s.safetensors"), header, "abcd", header.size());
    expect_error(dir.file("s.safetensors"), ErrorKind::CorruptFile, {"holds 4 bytes", "needs 8"});
}

TEST(SafetensorsFile, OffsetsBackwards) {
    TempDir dir;
    const std::string header = tensor_header("F32", "[1]", "[4,0]");
    pixart::test::write_raw_safetensors(dir.file("b.safetensors"), header, "abcd", header.size());
    expect_error(dir.file("b.safetensors"), ErrorKind::CorruptFile, {"end before they begin"});
}

TEST(SafetensorsFile, OverlappingTensors) {
    TempDir dir;
    const std::string header =
        R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})";
    pixart::test::write_raw_safetensors(dir.file("o.safetensors"), header, std::string(12, '\0'), header.size());
    expect_error(dir.file("o.safetensors"), ErrorKind::CorruptFile, {"overlap"});
}

TEST(SafetensorsFile, NegativeDimension) {
    TempDir dir;
    const std::string header = tensor_header("F32", "[-1]", "[0,4]");
    pixart::test::write_raw_safetensors(dir.file("n.safetensors"), header, "abcd", header.size());
    expect_error(dir.file("n.safetensors"), ErrorKind::CorruptFile, {"negative"});
}

TEST(SafetensorsFile, ReadsEveryGoldenFile) {
    PIXART_REQUIRE_SHARED();
    for (const char* name : {"tokenizer.safetensors", "t5_encoder.safetensors", "transformer.safetensors",
                             "scheduler.safetensors", "vae.safetensors", "noise.safetensors",
                             "pipeline.safetensors", "resize_crop.safetensors"}) {
        SafetensorsFile file(pixart::test::golden_path(name));
        EXPECT_FALSE(file.tensors().empty()) << name;
    }
}
