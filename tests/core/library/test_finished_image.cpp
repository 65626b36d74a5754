// store_finished_image / finished_image_record (api/finished_image.h): the one way the studio and
// pixart-cli keep a finished image, so their history rows and files are made alike.
#include "api/finished_image.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "api/errors.h"
#include "api/generation_library.h"
#include "api/image_export.h"
#include "library_test_data.h"
#include "support/shared_data.h"

namespace fs = std::filesystem;
using pixart::ErrorKind;
using pixart::GenerationMetadata;
using pixart::HistoryRecord;
using pixart::Image;

namespace {

Image gradient(int width, int height) {
    Image image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                image.at(x, y, c) = static_cast<float>((x + y * 3 + c * 7) % 17) / 16.0f;
    return image;
}

// What a run's metadata looks like before the run finished: the size asked for (0 = native).
GenerationMetadata asked() {
    GenerationMetadata m = pixart::test::sample_record("a red cactus").metadata;
    m.width = 0;
    m.height = 0;
    m.duration_seconds = 0.0;
    m.created.clear();
    return m;
}

}  // namespace

TEST(FinishedImage, TheRecordHasTheSizeMadeTheDurationAndTheModelFolder) {
    const HistoryRecord r =
        pixart::finished_image_record(asked(), gradient(48, 32), 7.5, "/models/sigma", "{\"a\":1}");
    EXPECT_EQ(r.metadata.width, 48);
    EXPECT_EQ(r.metadata.height, 32);
    EXPECT_DOUBLE_EQ(r.metadata.duration_seconds, 7.5);
    EXPECT_EQ(r.model_path, "/models/sigma");
    EXPECT_EQ(r.extra_json, "{\"a\":1}");
    EXPECT_EQ(r.metadata.prompt, "a red cactus");
    EXPECT_EQ(r.metadata.seed, 42u);
    EXPECT_EQ(r.id, 0);
    EXPECT_TRUE(r.file.empty());
}

TEST(FinishedImage, TheFileCarriesTheRecordsOwnMetadataAndTime) {
    pixart::test::TempDir dir;
    pixart::GenerationLibrary library(dir.path());
    const Image image = gradient(40, 24);
    const HistoryRecord stored = pixart::store_finished_image(
        library, pixart::finished_image_record(asked(), image, 3.25, "/models/sigma"), image);
    ASSERT_GT(stored.id, 0);
    EXPECT_EQ(stored.metadata.width, 40);
    EXPECT_EQ(stored.metadata.height, 24);
    EXPECT_FALSE(stored.metadata.created.empty());  // stamped as it was stored

    const std::string path = library.absolute_path(stored.file);
    ASSERT_TRUE(fs::exists(path));
    const auto info = pixart::read_image_info(path);
    EXPECT_EQ(info.width, 40);
    EXPECT_EQ(info.height, 24);
    EXPECT_EQ(info.bit_depth, 16);
    const auto in_file = pixart::read_image_metadata(path);
    ASSERT_TRUE(in_file.has_value());
    EXPECT_EQ(in_file->created, stored.metadata.created);  // the file and the row agree
    EXPECT_EQ(in_file->prompt, stored.metadata.prompt);
    EXPECT_EQ(in_file->seed, stored.metadata.seed);
    EXPECT_EQ(in_file->width, 40);
    EXPECT_DOUBLE_EQ(in_file->duration_seconds, 3.25);

    // 16-bit, so the library keeps the engine's precision for a later print export.
    const Image back = pixart::read_image(path);
    EXPECT_NEAR(back.at(5, 7, 1), image.at(5, 7, 1), 1.0f / 65535.0f);
}

TEST(FinishedImage, AGivenCreationTimeIsKeptSoAReRunFindsTheEntry) {
    pixart::test::TempDir dir;
    pixart::GenerationLibrary library(dir.path());
    const Image image = gradient(16, 16);
    GenerationMetadata m = asked();
    m.created = "2026-12-01T08:00:00.125Z";
    const HistoryRecord stored = pixart::store_finished_image(
        library, pixart::finished_image_record(m, image, 1.0, ""), image);
    EXPECT_EQ(stored.metadata.created, "2026-12-01T08:00:00.125Z");
    EXPECT_EQ(pixart::read_image_metadata(library.absolute_path(stored.file))->created,
              "2026-12-01T08:00:00.125Z");
}

TEST(FinishedImage, AnEmptyOrMismatchedImageIsRefusedAndNothingIsStored) {
    pixart::test::TempDir dir;
    pixart::GenerationLibrary library(dir.path());
    const Image image = gradient(16, 16);
    HistoryRecord other_size = pixart::finished_image_record(asked(), gradient(32, 16), 1.0, "");
    try {
        pixart::store_finished_image(library, other_size, image);
        ADD_FAILURE() << "a 16x16 image stored under a 32x16 record";
    } catch (const pixart::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("16x16"), std::string::npos) << e.what();
    }
    try {
        pixart::store_finished_image(library, other_size, Image{});
        ADD_FAILURE() << "an empty image stored";
    } catch (const pixart::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    }
    pixart::HistoryQuery all;
    EXPECT_EQ(library.count(all), 0);
}
