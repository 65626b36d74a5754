// Export to PNG / TIFF / JPEG and read every file back: with OpenImageIO, with LittleCMS (the
// embedded profile), with our chunk / IFD readers and with tiffinfo where it is installed.
#include <OpenImageIO/imageio.h>
#include <gtest/gtest.h>
#include <lcms2.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>

#include "api/errors.h"
#include "api/image_export.h"
#include "imaging/png_text_chunks.h"
#include "imaging/tiff_directory.h"
#include "imaging/xmp_packet.h"
#include "imaging_test_support.h"
#include "support/shared_data.h"

namespace pixart {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

GenerationMetadata sample_metadata(const std::string& prompt = "a small cactus with a happy face") {
    GenerationMetadata m;
    m.prompt = prompt;
    m.negative_prompt = "blurry, \"low\" quality <bad> & worse";
    m.seed = 42;
    m.width = 64;
    m.height = 48;
    m.model = "PixArt-Sigma-XL-2-1024-MS";
    m.clean_caption =
        true;  // only our JSON carries this when it is off the A1111 defaults... and A1111 too
    m.duration_seconds = 3.5;
    m.software = "PixArt Studio test";
    return m;
}

ErrorKind kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::Internal;
}

std::vector<std::string> folder_entries(const std::string& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Raw samples as the file stores them (RawColor: CMYK stays CMYK).
std::vector<std::uint16_t> read_raw16(const std::string& path,
                                      OIIO::ImageSpec* spec_out = nullptr) {
    OIIO::ImageSpec config;
    config.attribute("oiio:RawColor", 1);
    auto in = OIIO::ImageInput::open(path, &config);
    EXPECT_TRUE(in) << OIIO::geterror();
    if (!in) return {};
    const OIIO::ImageSpec spec = in->spec();
    std::vector<std::uint16_t> data(std::size_t(spec.width) * spec.height * spec.nchannels);
    EXPECT_TRUE(in->read_image(0, 0, 0, spec.nchannels, OIIO::TypeDesc::UINT16, data.data()));
    if (spec_out) *spec_out = spec;
    return data;
}

std::vector<std::uint8_t> icc_of(const std::string& path) {
    auto in = OIIO::ImageInput::open(path);
    if (!in) return {};
    const OIIO::ParamValue* p = in->spec().find_attribute("ICCProfile");
    if (!p) return {};
    const auto* data = static_cast<const std::uint8_t*>(p->data());
    return std::vector<std::uint8_t>(data, data + p->type().size());
}

// Every sample within half a code value of the float source.
void expect_pixels_match(const Image& source, const std::string& path, int bit_depth) {
    const Image back = read_image(path);
    ASSERT_EQ(back.width, source.width);
    ASSERT_EQ(back.height, source.height);
    const double max_code = bit_depth == 16 ? 65535.0 : 255.0;
    double worst = 0.0;
    for (std::size_t i = 0; i < source.pixels.size(); ++i) {
        worst = std::max(worst, std::abs(double(back.pixels[i]) - source.pixels[i]) * max_code);
    }
    EXPECT_LE(worst, 0.5 + 1e-3) << path;
}

TEST(ImageExport, Png16And8CarryPpiIccAndExactPixels) {
    TempDir dir;
    const Image image = test::make_gradient_image(64, 48);
    for (int depth : {16, 8}) {
        ExportOptions o;
        o.bit_depth = depth;
        const std::string path = dir.file("out" + std::to_string(depth) + ".png");
        const ExportResult result = export_image(image, sample_metadata(), path, o);
        EXPECT_EQ(result.plan.width, 64);
        EXPECT_GT(result.bytes, 0);

        const ImageFileInfo info = read_image_info(path);
        EXPECT_EQ(info.format, "png");
        EXPECT_EQ(info.width, 64);
        EXPECT_EQ(info.height, 48);
        EXPECT_EQ(info.channels, 3);
        EXPECT_EQ(info.bit_depth, depth);
        EXPECT_NEAR(info.ppi, 300.0, 0.01);
        EXPECT_EQ(info.icc_description, "sRGB IEC61966-2.1");
        expect_pixels_match(image, path, depth);

        // pHYs: 11811 pixels per metre in both directions, unit metre (PRODUCT.md).
        const auto bytes = test::read_bytes(path);
        const std::string text(bytes.begin(), bytes.end());
        const auto phys = text.find("pHYs");
        ASSERT_NE(phys, std::string::npos);
        const auto be32 = [&](std::size_t at) {
            return (std::uint32_t(bytes[at]) << 24) | (std::uint32_t(bytes[at + 1]) << 16) |
                   (std::uint32_t(bytes[at + 2]) << 8) | bytes[at + 3];
        };
        EXPECT_EQ(be32(phys + 4), 11811u);
        EXPECT_EQ(be32(phys + 8), 11811u);
        EXPECT_EQ(bytes[phys + 12], 1);

        // The ICC profile is one LittleCMS reads: RGB, v2.
        const auto icc = icc_of(path);
        ASSERT_FALSE(icc.empty());
        cmsHPROFILE profile =
            cmsOpenProfileFromMem(icc.data(), static_cast<cmsUInt32Number>(icc.size()));
        ASSERT_NE(profile, nullptr);
        EXPECT_EQ(cmsGetColorSpace(profile), cmsSigRgbData);
        EXPECT_EQ(cmsGetDeviceClass(profile), cmsSigDisplayClass);
        EXPECT_LT(cmsGetProfileVersion(profile), 3.0);
        cmsCloseProfile(profile);
    }
}

TEST(ImageExport, TiffDepthsAndCompressions) {
    TempDir dir;
    const Image image = test::make_gradient_image(40, 30);
    const std::string tiffinfo_probe = test::tiffinfo("/nonexistent");
    for (int depth : {8, 16}) {
        for (auto compression :
             {TiffCompression::None, TiffCompression::Lzw, TiffCompression::Deflate}) {
            ExportOptions o;
            o.bit_depth = depth;
            o.compression = compression;
            o.ppi = 150;
            const std::string path =
                dir.file(std::string("out_") + tiff_compression_name(compression) +
                         std::to_string(depth) + ".tif");
            export_image(image, sample_metadata(), path, o);

            auto in = OIIO::ImageInput::open(path);
            ASSERT_TRUE(in);
            const OIIO::ImageSpec& spec = in->spec();
            EXPECT_EQ(spec.nchannels, 3);
            EXPECT_EQ(spec.format, depth == 16 ? OIIO::TypeDesc::UINT16 : OIIO::TypeDesc::UINT8);
            EXPECT_EQ(spec.get_string_attribute("compression"),
                      compression == TiffCompression::Deflate ? "zip"
                                                              : tiff_compression_name(compression));
            EXPECT_FLOAT_EQ(spec.get_float_attribute("XResolution"), 150.0f);
            EXPECT_FLOAT_EQ(spec.get_float_attribute("YResolution"), 150.0f);
            EXPECT_EQ(spec.get_string_attribute("ResolutionUnit"), "in");
            in.reset();
            EXPECT_FALSE(icc_of(path).empty());
            expect_pixels_match(image, path, depth);

            const std::string info = test::tiffinfo(path);
            if (info.empty()) continue;  // libtiff-tools not installed
            EXPECT_NE(info.find("Resolution: 150, 150 pixels/inch"), std::string::npos) << info;
            EXPECT_NE(info.find("Bits/Sample: " + std::to_string(depth)), std::string::npos)
                << info;
            EXPECT_NE(info.find("Photometric Interpretation: RGB color"), std::string::npos)
                << info;
            EXPECT_NE(info.find("ICC Profile: <present>"), std::string::npos) << info;
            const char* scheme = compression == TiffCompression::None ? "Compression Scheme: None"
                                 : compression == TiffCompression::Lzw
                                     ? "Compression Scheme: LZW"
                                     : "Compression Scheme: AdobeDeflate";
            EXPECT_NE(info.find(scheme), std::string::npos) << info;
            EXPECT_EQ(info.find("TIFFRead"), std::string::npos) << info;  // no libtiff complaints
        }
    }
}

TEST(ImageExport, JpegForQuickShares) {
    TempDir dir;
    const Image image = test::make_gradient_image(64, 64);
    ExportOptions o;
    o.bit_depth = 8;
    o.ppi = 72;
    const std::string path = dir.file("share.jpg");
    export_image(image, sample_metadata(), path, o);
    const ImageFileInfo info = read_image_info(path);
    EXPECT_EQ(info.format, "jpeg");
    EXPECT_EQ(info.bit_depth, 8);
    EXPECT_NEAR(info.ppi, 72.0, 1e-6);
    EXPECT_EQ(info.icc_description, "sRGB IEC61966-2.1");
    const Image back = read_image(path);
    double error = 0.0;
    for (std::size_t i = 0; i < image.pixels.size(); ++i)
        error += std::abs(back.pixels[i] - image.pixels[i]);
    EXPECT_LT(error / image.pixels.size(), 0.01);  // lossy, but close
    // The comment holds the A1111 text (what A1111 reads from JPEGs).
    const auto m = read_image_metadata(path);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->source, MetadataSource::A1111);
    EXPECT_EQ(m->prompt, sample_metadata().prompt);
    EXPECT_EQ(m->negative_prompt, sample_metadata().negative_prompt);
    EXPECT_EQ(m->seed, 42u);
}

// Settings longer than a JPEG comment holds were dropped while the export said it kept them: now
// the result says they were left out, and why.
TEST(ImageExport, JpegSaysWhenTheSettingsDoNotFit) {
    TempDir dir;
    GenerationMetadata long_one = sample_metadata();
    long_one.prompt = std::string(70000, 'x');  // e.g. read from another tool's image
    ExportOptions o;
    o.jpeg_quality = 90;
    const auto result =
        export_image(test::make_gradient_image(16, 16), long_one, dir.file("long.jpg"), o);
    EXPECT_FALSE(result.metadata_embedded);
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_NE(result.warnings[0].find("longer than a JPEG comment holds"), std::string::npos)
        << result.warnings[0];
    const auto fits = export_image(test::make_gradient_image(16, 16), sample_metadata(),
                                   dir.file("short.jpg"), o);
    EXPECT_TRUE(fits.metadata_embedded);
    EXPECT_TRUE(fits.warnings.empty());
}

TEST(ImageExport, PngMetadataRoundTripWithNonLatin1Prompt) {
    TempDir dir;
    const std::string path = dir.file("unicode.png");
    // "Mount Fuji at sunset, watercolour" in Japanese + Latin-1 and beyond.
    const GenerationMetadata m = sample_metadata(
        "\xE5\xA4\x95\xE7\x84\xBC\xE3\x81\x91\xE3\x81\xAE\xE5\xAF\x8C\xE5\xA3\xAB\xE5\xB1\xB1, "
        "\xE6\xB0\xB4\xE5\xBD\xA9\xE7\x94\xBB \xE2\x80\x94 \xC3\xBC"
        "n\xC3\xAF"
        "c\xC3\xB6"
        "d\xC3\xA9");
    export_image(test::make_gradient_image(32, 32), m, path, ExportOptions{});

    std::vector<std::string> types;
    const auto texts = imaging::read_png_text_chunks(path, &types);
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(texts[0].first, "parameters");
    EXPECT_EQ(texts[0].second, to_a1111_parameters(m));
    EXPECT_EQ(texts[1].first, "pixart-studio");
    EXPECT_EQ(texts[1].second, to_json(m));
    EXPECT_EQ(types, (std::vector<std::string>{"iTXt", "iTXt"}));

    // OpenImageIO (libpng) sees the same text; the metadata reader restores every field.
    auto in = OIIO::ImageInput::open(path);
    ASSERT_TRUE(in);
    EXPECT_EQ(in->spec().get_string_attribute("parameters"), to_a1111_parameters(m));
    const auto restored = read_image_metadata(path);
    ASSERT_TRUE(restored);
    EXPECT_EQ(restored->source, MetadataSource::PixArtStudio);
    EXPECT_EQ(to_json(*restored), to_json(m));

    // ASCII text goes into plain tEXt chunks.
    const std::string ascii_path = dir.file("ascii.png");
    GenerationMetadata plain = sample_metadata();
    export_image(test::make_gradient_image(8, 8), plain, ascii_path, ExportOptions{});
    types.clear();
    imaging::read_png_text_chunks(ascii_path, &types);
    EXPECT_EQ(types, (std::vector<std::string>{"tEXt", "tEXt"}));
}

TEST(ImageExport, TiffMetadataInDescriptionAndXmp) {
    TempDir dir;
    const std::string path = dir.file("meta.tif");
    GenerationMetadata m = sample_metadata("\xE7\x8C\xAB and a <tag> & \"quotes\"");
    m.resolution_binning = false;
    m.batch_size = 4;
    m.batch_index = 3;
    export_image(test::make_gradient_image(16, 16), m, path, ExportOptions{});

    auto in = OIIO::ImageInput::open(path);
    ASSERT_TRUE(in);
    EXPECT_EQ(in->spec().get_string_attribute("ImageDescription"), to_a1111_parameters(m));
    in.reset();
    const imaging::TiffDirectory directory(path);
    const auto xmp_bytes = directory.bytes(imaging::TiffDirectory::kXmp);
    const std::string xmp(xmp_bytes.begin(), xmp_bytes.end());
    EXPECT_EQ(imaging::xmp_element_text(xmp, "pixart:generation"), to_json(m));
    EXPECT_NE(xmp.find("&lt;tag&gt; &amp; "), std::string::npos) << xmp;  // escaped, well-formed

    const auto restored = read_image_metadata(path);
    ASSERT_TRUE(restored);
    EXPECT_EQ(restored->source, MetadataSource::PixArtStudio);
    EXPECT_EQ(to_json(*restored), to_json(m));
    const std::string info = test::tiffinfo(path);
    if (!info.empty()) {
        EXPECT_NE(info.find("XMLPacket (XMP Metadata):"), std::string::npos) << info;
    }
}

TEST(ImageExport, MetadataAndProfileCanBeLeftOut) {
    TempDir dir;
    ExportOptions o;
    o.embed_metadata = false;
    o.embed_icc_profile = false;
    const std::string path = dir.file("bare.png");
    export_image(test::make_gradient_image(8, 8), sample_metadata(), path, o);
    EXPECT_TRUE(imaging::read_png_text_chunks(path).empty());
    EXPECT_TRUE(icc_of(path).empty());
    EXPECT_FALSE(read_image_metadata(path));
}

TEST(ImageExport, UpscalingKeeps16BitPrecision) {
    TempDir dir;
    // 200 px of smooth gradient -> 1000 px: an 8-bit intermediate could hold at most 256 levels.
    const Image image = test::make_gradient_image(200, 8);
    ExportOptions o;
    o.target_width = 1000;
    o.target_height = 40;
    const std::string path = dir.file("up.tif");
    const ExportResult result = export_image(image, sample_metadata(), path, o);
    EXPECT_TRUE(result.plan.resampled);
    OIIO::ImageSpec spec;
    const auto raw = read_raw16(path, &spec);
    ASSERT_EQ(spec.width, 1000);
    ASSERT_EQ(spec.height, 40);
    std::set<std::uint16_t> levels;
    const std::size_t row = 20;
    for (int x = 0; x < 1000; ++x) levels.insert(raw[(row * 1000 + x) * 3]);
    EXPECT_GT(levels.size(), 256u);
    EXPECT_GT(levels.size(), 900u);  // nearly every column its own level
    // Lanczos on a linear ramp stays a ramp: monotonic away from the edges.
    for (int x = 10; x < 990; ++x)
        EXPECT_LE(raw[(row * 1000 + x) * 3], raw[(row * 1000 + x + 1) * 3]);
}

TEST(ImageExport, PadCentresOnWhite) {
    TempDir dir;
    ExportOptions o;
    o.target_width = 100;
    o.target_height = 50;
    o.fit = FitMode::Pad;
    const std::string path = dir.file("pad.png");
    export_image(test::make_solid_image(20, 20, 0.0f, 0.5f, 0.25f), sample_metadata(), path, o);
    const Image back = read_image(path);
    ASSERT_EQ(back.width, 100);
    ASSERT_EQ(back.height, 50);
    EXPECT_FLOAT_EQ(back.at(2, 25, 0), 1.0f);  // white border
    EXPECT_FLOAT_EQ(back.at(97, 25, 1), 1.0f);
    EXPECT_NEAR(back.at(50, 25, 0), 0.0f, 1e-4);  // the image in the middle
    EXPECT_NEAR(back.at(50, 25, 1), 0.5f, 1e-4);
    EXPECT_NEAR(back.at(50, 25, 2), 0.25f, 1e-4);
}

TEST(ImageExport, ProgressRunsThroughTheStagesInOrder) {
    TempDir dir;
    std::vector<std::pair<ExportStage, double>> seen;
    ExportOptions o;
    o.target_width = 128;
    o.target_height = 128;
    export_image(test::make_gradient_image(64, 64), sample_metadata(), dir.file("p.tif"), o,
                 [&](ExportStage stage, double fraction) { seen.emplace_back(stage, fraction); });
    ASSERT_GE(seen.size(), 4u);
    EXPECT_EQ(seen.front().first, ExportStage::Resampling);
    EXPECT_EQ(seen.back().first, ExportStage::Finishing);
    EXPECT_DOUBLE_EQ(seen.back().second, 1.0);
    for (std::size_t i = 1; i < seen.size(); ++i) {
        EXPECT_LE(seen[i - 1].second, seen[i].second);
        EXPECT_LE(int(seen[i - 1].first), int(seen[i].first));
    }
}

TEST(ImageExport, CancelledExportLeavesNoFileAndKeepsTheOldOne) {
    TempDir dir;
    const std::string path = dir.file("keep.png");
    test::write_bytes(path, {'o', 'l', 'd'});
    const Image image = test::make_gradient_image(64, 64);
    for (ExportStage cancel_at : {ExportStage::Resampling, ExportStage::ConvertingColour,
                                  ExportStage::Encoding, ExportStage::Finishing}) {
        std::atomic<bool> cancel{false};
        ExportOptions o;
        o.target_width = 256;
        o.target_height = 256;
        const auto progress = [&](ExportStage stage, double) {
            if (stage == cancel_at) cancel = true;
        };
        EXPECT_EQ(
            kind_of([&] { export_image(image, sample_metadata(), path, o, progress, &cancel); }),
            ErrorKind::Cancelled)
            << export_stage_name(cancel_at);
        EXPECT_EQ(test::read_bytes(path), (std::vector<std::uint8_t>{'o', 'l', 'd'}));
        EXPECT_EQ(folder_entries(dir.path()), std::vector<std::string>{"keep.png"});
    }
    std::atomic<bool> cancelled_before{true};
    EXPECT_EQ(kind_of([&] {
                  export_image(image, sample_metadata(), dir.file("new.png"), ExportOptions{}, {},
                               &cancelled_before);
              }),
              ErrorKind::Cancelled);
    EXPECT_EQ(folder_entries(dir.path()), std::vector<std::string>{"keep.png"});
}

TEST(ImageExport, ReplacesAnExistingFileWhole) {
    TempDir dir;
    const std::string path = dir.file("again.png");
    test::write_bytes(path, {'o', 'l', 'd'});
    export_image(test::make_gradient_image(16, 16), sample_metadata(), path, ExportOptions{});
    EXPECT_EQ(read_image_info(path).width, 16);
    EXPECT_EQ(folder_entries(dir.path()), std::vector<std::string>{"again.png"});
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    EXPECT_EQ(info.st_mode & 0777, 0666 & ~mask);  // the usual mode, not mkstemp's 0600
}

// Renaming over a device node, a pipe or a link replaced it (as root even /dev/null): anything
// but a regular file is refused, left as it was, and no temporary stays behind.
TEST(ImageExport, OnlyRegularFilesAreReplaced) {
    TempDir dir;
    const std::string fifo = dir.file("pipe.png");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    const std::string link = dir.file("link.png");
    test::write_bytes(dir.file("real.png"), {'o', 'l', 'd'});
    ASSERT_EQ(::symlink(dir.file("real.png").c_str(), link.c_str()), 0);
    for (const auto& target : {fifo, link}) {
        try {
            export_image(test::make_gradient_image(8, 8), sample_metadata(), target,
                         ExportOptions{});
            ADD_FAILURE() << target << " was replaced";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Io);
            EXPECT_NE(std::string(e.what()).find("is not a regular file"), std::string::npos)
                << e.what();
        }
    }
    struct stat info {};
    ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode));
    ASSERT_EQ(::lstat(link.c_str(), &info), 0);
    EXPECT_TRUE(S_ISLNK(info.st_mode));
    EXPECT_EQ(folder_entries(dir.path()),
              (std::vector<std::string>{"link.png", "pipe.png", "real.png"}));
}

TEST(ImageExport, UnwritableFolderIsAnIoErrorAndLeavesNothing) {
    TempDir dir;
    const std::string folder = dir.file("locked");
    ASSERT_EQ(::mkdir(folder.c_str(), 0555), 0);
    // root ignores permissions: /proc refuses new files to everyone.
    const std::string target =
        ::access(folder.c_str(), W_OK) == 0 ? "/proc/pixart-export-test.png" : folder + "/out.png";
    try {
        export_image(test::make_gradient_image(8, 8), sample_metadata(), target, ExportOptions{});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Io);
        EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
    }
    EXPECT_TRUE(folder_entries(folder).empty());
    ::chmod(folder.c_str(), 0755);

    EXPECT_EQ(kind_of([&] {
                  export_image(test::make_gradient_image(8, 8), sample_metadata(),
                               dir.file("missing/out.png"), ExportOptions{});
              }),
              ErrorKind::Io);
    EXPECT_EQ(kind_of([&] {
                  export_image(test::make_gradient_image(8, 8), sample_metadata(), folder + ".png/",
                               ExportOptions{});
              }),
              ErrorKind::InvalidArgument);
}

// A write that fails half way (as on a full disk): RLIMIT_FSIZE makes write() fail with EFBIG
// once the file passes the limit.
TEST(ImageExport, FailedWriteIsAnIoErrorAndKeepsTheOldFile) {
    TempDir dir;
    const Image image = test::make_gradient_image(512, 512);
    for (const char* name : {"full.tif", "full.png"}) {
        const std::string path = dir.file(name);
        test::write_bytes(path, {'o', 'l', 'd'});
        ExportOptions o;
        o.compression = TiffCompression::None;
        o.png_compression_level = 0;
        struct rlimit old_limit {};
        ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
        const auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit small = old_limit;
        small.rlim_cur = 200 * 1024;  // the image needs 1.5 MB
        ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
        ErrorKind kind = ErrorKind::Internal;
        std::string message;
        try {
            export_image(image, sample_metadata(), path, o);
        } catch (const Error& e) {
            kind = e.kind();
            message = e.what();
        }
        ::setrlimit(RLIMIT_FSIZE, &old_limit);
        ::signal(SIGXFSZ, old_handler);
        EXPECT_EQ(kind, ErrorKind::Io) << name << ": " << message;
        EXPECT_EQ(test::read_bytes(path), (std::vector<std::uint8_t>{'o', 'l', 'd'})) << name;
        EXPECT_EQ(folder_entries(dir.path()).size(), 1u) << name;
        fs::remove(path);
    }
}

TEST(ImageExport, BadInputsAreInvalidArguments) {
    TempDir dir;
    EXPECT_EQ(kind_of([&] {
                  export_image(Image{}, sample_metadata(), dir.file("a.png"), ExportOptions{});
              }),
              ErrorKind::InvalidArgument);
    Image short_image = test::make_gradient_image(8, 8);
    short_image.pixels.pop_back();
    EXPECT_EQ(kind_of([&] {
                  export_image(short_image, sample_metadata(), dir.file("a.png"), ExportOptions{});
              }),
              ErrorKind::InvalidArgument);
    ExportOptions jpeg16;
    jpeg16.bit_depth = 16;
    EXPECT_EQ(kind_of([&] {
                  export_image(test::make_gradient_image(8, 8), sample_metadata(),
                               dir.file("a.jpg"), jpeg16);
              }),
              ErrorKind::InvalidArgument);
    EXPECT_TRUE(folder_entries(dir.path()).empty());
}

TEST(ImageRead, MissingAndCorruptFiles) {
    TempDir dir;
    EXPECT_EQ(kind_of([&] { read_image(dir.file("nothing.png")); }), ErrorKind::Io);
    test::write_bytes(dir.file("text.png"), {'h', 'e', 'l', 'l', 'o'});
    EXPECT_EQ(kind_of([&] { read_image(dir.file("text.png")); }), ErrorKind::CorruptFile);
    EXPECT_EQ(kind_of([&] { read_image_metadata(dir.file("text.png")); }), ErrorKind::CorruptFile);
}

// A PNG of a few bytes whose header claims width x height: a signature, an IHDR chunk (8-bit
// RGB), an empty IDAT and IEND — no pixel data.
std::vector<std::uint8_t> png_claiming(std::uint32_t width, std::uint32_t height) {
    auto crc32 = [](const std::vector<unsigned char>& bytes) {
        std::uint32_t crc = 0xffffffffu;
        for (const unsigned char b : bytes) {
            crc ^= b;
            for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        return ~crc;
    };
    auto be32 = [](std::vector<unsigned char>& out, std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<unsigned char>(v >> shift));
    };
    std::vector<unsigned char> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<unsigned char> ihdr = {'I', 'H', 'D', 'R'};
    be32(ihdr, width);
    be32(ihdr, height);
    ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // 8-bit RGB, deflate, no filter, no interlace
    be32(png, 13);
    png.insert(png.end(), ihdr.begin(), ihdr.end());
    be32(png, crc32(ihdr));
    // An IDAT with an empty zlib stream: libpng stops reading the header at the first IDAT.
    const std::vector<unsigned char> idat = {'I',  'D',  'A',  'T',  0x78, 0x9c,
                                             0x03, 0x00, 0x00, 0x00, 0x00, 0x01};
    be32(png, static_cast<std::uint32_t>(idat.size() - 4));
    png.insert(png.end(), idat.begin(), idat.end());
    be32(png, crc32(idat));
    const std::vector<unsigned char> iend = {'I', 'E', 'N', 'D'};
    be32(png, 0);
    png.insert(png.end(), iend.begin(), iend.end());
    be32(png, crc32(iend));
    return png;
}

// A tiny file claiming a huge image took > 16 GB; a pipe blocked the reader for ever. Both are
// refused before any pixel is allocated or read.
TEST(ImageRead, ClaimedSizesAndNonRegularFilesAreRefusedFirst) {
    TempDir dir;
    test::write_bytes(dir.file("huge.png"), png_claiming(30000, 30000));
    try {
        read_image(dir.file("huge.png"));
        FAIL() << "a 30000x30000 claim was read";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::CorruptFile);
        EXPECT_NE(std::string(e.what()).find("claims 30000x30000 pixels"), std::string::npos)
            << e.what();
    }
    ASSERT_EQ(::mkfifo(dir.file("pipe.png").c_str(), 0644), 0);
    try {
        read_image(dir.file("pipe.png"));
        FAIL() << "a pipe was read";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Io);
        EXPECT_NE(std::string(e.what()).find("is not a regular file"), std::string::npos)
            << e.what();
    }
}

// What other studios write, as OpenImageIO would write it: A1111 / ComfyUI text chunks.
TEST(ImageRead, RestoresSettingsFromOtherTools) {
    TempDir dir;
    const auto write_png = [&](const std::string& path, const std::string& key,
                               const std::string& value) {
        auto out = OIIO::ImageOutput::create("png");
        OIIO::ImageSpec spec(4, 4, 3, OIIO::TypeDesc::UINT8);
        spec.attribute(key, value);
        std::vector<std::uint8_t> pixels(4 * 4 * 3, 128);
        ASSERT_TRUE(out->open(path, spec));
        ASSERT_TRUE(out->write_image(OIIO::TypeDesc::UINT8, pixels.data()));
        ASSERT_TRUE(out->close());
    };
    write_png(dir.file("a1111.png"), "parameters",
              "a cat\nNegative prompt: dog\nSteps: 30, Sampler: Euler a, CFG scale: 6, Seed: 7, "
              "Size: 4x4");
    const auto a1111 = read_image_metadata(dir.file("a1111.png"));
    ASSERT_TRUE(a1111);
    EXPECT_EQ(a1111->source, MetadataSource::A1111);
    EXPECT_EQ(a1111->prompt, "a cat");
    EXPECT_EQ(a1111->steps, 30);

    write_png(dir.file("comfy.png"), "prompt",
              R"({"1": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 9, "cfg": 2.0,
                 "sampler_name": "euler", "positive": ["2", 0], "negative": ["3", 0]}},
                 "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "sunny hills"}},
                 "3": {"class_type": "CLIPTextEncode", "inputs": {"text": ""}}})");
    const auto comfy = read_image_metadata(dir.file("comfy.png"));
    ASSERT_TRUE(comfy);
    EXPECT_EQ(comfy->source, MetadataSource::ComfyUI);
    EXPECT_EQ(comfy->prompt, "sunny hills");
    EXPECT_EQ(comfy->steps, 9);

    write_png(dir.file("plain.png"), "Software", "GIMP");
    EXPECT_FALSE(read_image_metadata(dir.file("plain.png")));
}

// Not a test: the measurement for the closing note (run with --gtest_also_run_disabled_tests).
TEST(ImageExport, DISABLED_MeasureLanczos2048To4096AndLzw16Write) {
    TempDir dir;
    Image image = test::make_gradient_image(2048, 2048);
    unsigned state = 12345;  // a little noise so LZW sees generated-image-like data
    for (auto& v : image.pixels) {
        state = state * 1664525u + 1013904223u;
        v = std::clamp(v + ((state >> 8) / float(1 << 24) - 0.5f) * 0.02f, 0.0f, 1.0f);
    }
    ExportOptions o;
    o.target_width = 4096;
    o.target_height = 4096;
    o.compression = TiffCompression::Lzw;
    o.bit_depth = 16;
    std::map<ExportStage, std::chrono::steady_clock::time_point> first;
    const ExportResult r = export_image(
        image, sample_metadata(), dir.file("big.tif"), o,
        [&](ExportStage stage, double) { first.emplace(stage, std::chrono::steady_clock::now()); });
    const auto seconds = [&](ExportStage a, ExportStage b) {
        return std::chrono::duration<double>(first.at(b) - first.at(a)).count();
    };
    std::printf(
        "2048->4096 lanczos3: %.2f s, quantize: %.2f s, 16-bit LZW TIFF encode+finish: %.2f s, "
        "total %.2f s, %.1f MiB\n",
        seconds(ExportStage::Resampling, ExportStage::ConvertingColour),
        seconds(ExportStage::ConvertingColour, ExportStage::Encoding),
        r.seconds - seconds(ExportStage::Resampling, ExportStage::Encoding), r.seconds,
        r.bytes / 1048576.0);
}

TEST(ImageReader, APngChunkLongerThanTheFileIsRefusedBeforeLibpngAllocatesIt) {
    // fuzz_image_metadata's find: a 920-byte PNG whose tEXt chunk claims 2,017,394,849 bytes
    // made libpng allocate 2 GB. The chunk lengths are now checked against the file first.
    TempDir dir;
    const std::string good = dir.file("good.png");
    export_image(test::make_gradient_image(16, 8), sample_metadata(), good, ExportOptions{});
    EXPECT_EQ(read_image_info(good).width, 16);  // a whole file passes the check

    auto bytes = test::read_bytes(good);
    const std::size_t after_ihdr = 8 + 12 + 13;
    auto damaged_with_length = [&](std::uint32_t length) {
        auto damaged = bytes;
        const std::vector<std::uint8_t> header = {static_cast<std::uint8_t>(length >> 24),
                                                  static_cast<std::uint8_t>(length >> 16),
                                                  static_cast<std::uint8_t>(length >> 8),
                                                  static_cast<std::uint8_t>(length),
                                                  't',
                                                  'E',
                                                  'X',
                                                  't',
                                                  'k',
                                                  'e',
                                                  'y',
                                                  0};
        damaged.insert(damaged.begin() + after_ihdr, header.begin(), header.end());
        const std::string path = dir.file("damaged-" + std::to_string(length) + ".png");
        test::write_bytes(path, damaged);
        return path;
    };
    for (const std::uint32_t length : {2017394849u, 0xffffffffu}) {
        const std::string path = damaged_with_length(length);
        for (const auto& read : {std::function<void()>([&] { read_image_info(path); }),
                                 std::function<void()>([&] { read_image_metadata(path); })}) {
            try {
                read();
                ADD_FAILURE() << "read a PNG whose chunk claims " << length << " bytes";
            } catch (const Error& e) {
                EXPECT_EQ(e.kind(), ErrorKind::CorruptFile);
                const std::string message = e.what();
                EXPECT_NE(message.find("damaged PNG: its 'tEXt' chunk at byte 33"),
                          std::string::npos)
                    << message;
            }
        }
    }
    // Cut in the middle of a chunk: the same clear error, never a read past the end.
    const std::string cut = dir.file("cut.png");
    test::write_bytes(cut, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 40));
    EXPECT_THROW(read_image_info(cut), Error);
}

}  // namespace
}  // namespace pixart
