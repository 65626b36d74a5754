#include "loading/model_folder.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "api/errors.h"
#include "api/model_info.h"
#include "support/shared_data.h"

namespace fs = std::filesystem;
using pixart::Error;
using pixart::ErrorKind;
using pixart::test::TempDir;

namespace {

// A copy of the tiny model (symlinked files) that a test may damage.
std::string copy_tiny_model(const TempDir& dir) {
    const fs::path target = fs::path(dir.path()) / "model";
    fs::copy(pixart::test::tiny_model_dir(), target, fs::copy_options::recursive);
    fs::permissions(target, fs::perms::owner_all, fs::perm_options::add);
    for (auto& entry : fs::recursive_directory_iterator(target)) {
        fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
        if (entry.is_directory()) fs::permissions(entry.path(), fs::perms::owner_exec, fs::perm_options::add);
    }
    return target.string();
}

void expect_model_error(const std::string& path, ErrorKind kind, const std::string& fragment) {
    try {
        pixart::inspect_model(path);
        ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(ModelFolder, InspectsTinyModel) {
    PIXART_REQUIRE_SHARED();
    const auto info = pixart::inspect_model(pixart::test::tiny_model_dir());
    EXPECT_EQ(info.name, "tiny-pixart-sigma");
    EXPECT_EQ(info.sample_size, 32);
    EXPECT_EQ(info.native_width, 256);
    ASSERT_EQ(info.bins.size(), 33u);  // diffusers ASPECT_RATIO_256_BIN
    ASSERT_EQ(info.components.size(), 5u);
    EXPECT_EQ(info.components[0].class_name, "PixArtTransformer2DModel");
    EXPECT_EQ(info.components[0].dtype, "F32");
    EXPECT_GT(info.components[1].parameters, 1'000'000);  // 32128 x 32 embeddings
}

TEST(ModelFolder, MissingComponentFolder) {
    PIXART_REQUIRE_SHARED();
    TempDir dir;
    const auto model = copy_tiny_model(dir);
    fs::remove_all(fs::path(model) / "vae");
    expect_model_error(model, ErrorKind::ModelFolder, "vae/ is missing");
}

TEST(ModelFolder, EverythingMissingIsNamedInOneLine) {
    PIXART_REQUIRE_SHARED();
    TempDir dir;
    const auto model = copy_tiny_model(dir);
    fs::remove_all(fs::path(model) / "vae");
    fs::remove(fs::path(model) / "text_encoder" / "config.json");
    expect_model_error(model, ErrorKind::ModelFolder, "text_encoder/config.json, vae/ are missing");
}

TEST(ModelFolder, NotAModelFolderSaysWhatOneLooksLike) {
    TempDir dir;
    expect_model_error(dir.path(), ErrorKind::ModelFolder,
                       "is not a PixArt-Sigma model folder: model_index.json is missing");
}

TEST(ModelFolder, MissingWeights) {
    PIXART_REQUIRE_SHARED();
    TempDir dir;
    const auto model = copy_tiny_model(dir);
    fs::remove(fs::path(model) / "transformer" / "diffusion_pytorch_model.safetensors");
    expect_model_error(model, ErrorKind::ModelFolder, "no weights found");
}

TEST(ModelFolder, TruncatedWeights) {
    PIXART_REQUIRE_SHARED();
    TempDir dir;
    const auto model = copy_tiny_model(dir);
    const auto weights = fs::path(model) / "vae" / "diffusion_pytorch_model.safetensors";
    fs::resize_file(weights, fs::file_size(weights) / 2);
    expect_model_error(model, ErrorKind::CorruptFile, "diffusion_pytorch_model.safetensors");
}

TEST(ModelFolder, UnsupportedConfigValue) {
    PIXART_REQUIRE_SHARED();
    TempDir dir;
    const auto model = copy_tiny_model(dir);
    const auto config = fs::path(model) / "transformer" / "config.json";
    std::ifstream in(config);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    text.replace(text.find("\"ada_norm_single\""), 17, "\"ada_norm_zero\"");
    std::ofstream(config) << text;
    expect_model_error(model, ErrorKind::ModelFolder, "norm_type = \"ada_norm_zero\" is not supported");
}

TEST(ModelFolder, NotAModelFolder) {
    TempDir dir;
    expect_model_error(dir.path(), ErrorKind::ModelFolder, "model_index.json");
    expect_model_error(dir.file("nope"), ErrorKind::ModelFolder, "no such model folder");
}

TEST(ModelFolder, FindsSnapshotsInTheHuggingFaceCache) {
    PIXART_REQUIRE_SHARED();
    TempDir dir;
    const fs::path snapshot = fs::path(dir.path()) / "models--PixArt-alpha--PixArt-Sigma-XL-2-1024-MS" / "snapshots" / "abc123";
    fs::create_directories(snapshot.parent_path());
    fs::create_directory_symlink(pixart::test::tiny_model_dir(), snapshot);
    fs::create_directories(fs::path(dir.path()) / "models--other--model" / "snapshots" / "x");
    const auto found = pixart::find_cached_models(dir.path());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "PixArt-Sigma-XL-2-1024-MS");

    setenv("HF_HUB_CACHE", dir.path().c_str(), 1);
    const auto resolved = pixart::resolve_model("PixArt-alpha/PixArt-Sigma-XL-2-1024-MS");
    EXPECT_EQ(resolved.name, "PixArt-Sigma-XL-2-1024-MS");
    unsetenv("HF_HUB_CACHE");
}
