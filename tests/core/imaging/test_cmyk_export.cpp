// CMYK TIFF: converted with LittleCMS to the user's output profile (not RGB tagged as CMYK), the
// profile embedded, 8 and 16 bits. The profile is built in code (imaging_test_support).
#include <OpenImageIO/imageio.h>
#include <gtest/gtest.h>
#include <lcms2.h>
#include <unistd.h>

#include <filesystem>

#include "api/errors.h"
#include "api/image_export.h"
#include "imaging_test_support.h"
#include "support/shared_data.h"

namespace pixart {
namespace {

using test::TempDir;

// Four patches in a row: white, black, red, mid grey.
Image patches() {
    Image image = test::make_solid_image(16, 4, 1.0f, 1.0f, 1.0f);
    const float colours[4][3] = {{1, 1, 1}, {0, 0, 0}, {1, 0, 0}, {0.5f, 0.5f, 0.5f}};
    for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 16; ++x) {
            for (int c = 0; c < 3; ++c) image.at(x, y, c) = colours[x / 4][c];
        }
    }
    return image;
}

struct Raw {
    OIIO::ImageSpec spec;
    std::vector<std::uint16_t> samples;
    std::vector<std::uint8_t> icc;
};

Raw read_raw(const std::string& path) {
    Raw raw;
    OIIO::ImageSpec config;
    config.attribute("oiio:RawColor", 1);
    auto in = OIIO::ImageInput::open(path, &config);
    EXPECT_TRUE(in) << OIIO::geterror();
    if (!in) return raw;
    raw.spec = in->spec();
    raw.samples.resize(std::size_t(raw.spec.width) * raw.spec.height * raw.spec.nchannels);
    EXPECT_TRUE(
        in->read_image(0, 0, 0, raw.spec.nchannels, OIIO::TypeDesc::UINT16, raw.samples.data()));
    if (const OIIO::ParamValue* p = raw.spec.find_attribute("ICCProfile")) {
        const auto* d = static_cast<const std::uint8_t*>(p->data());
        raw.icc.assign(d, d + p->type().size());
    }
    return raw;
}

ErrorKind kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::Internal;
}

class CmykExport : public ::testing::Test {
  protected:
    void SetUp() override {
        profile_bytes_ = test::make_test_cmyk_profile();
        profile_path_ = dir_.file("test-cmyk.icc");
        test::write_bytes(profile_path_, profile_bytes_);
    }
    TempDir dir_;
    std::vector<std::uint8_t> profile_bytes_;
    std::string profile_path_;
};

TEST_F(CmykExport, TheTestProfileIsACmykOutputProfile) {
    cmsHPROFILE p = cmsOpenProfileFromMem(profile_bytes_.data(),
                                          static_cast<cmsUInt32Number>(profile_bytes_.size()));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(cmsGetColorSpace(p), cmsSigCmykData);
    EXPECT_EQ(cmsGetDeviceClass(p), cmsSigOutputClass);
    cmsCloseProfile(p);
}

TEST_F(CmykExport, SixteenBitSeparationMatchesLittleCmsAndEmbedsTheProfile) {
    const std::string path = dir_.file("print.tif");
    ExportOptions o;
    o.cmyk_profile_path = profile_path_;
    o.intent = RenderingIntent::RelativeColorimetric;
    o.black_point_compensation = true;
    const ExportResult result = export_image(patches(), GenerationMetadata{}, path, o);
    EXPECT_EQ(result.plan.channels, 4);

    const Raw raw = read_raw(path);
    ASSERT_EQ(raw.spec.nchannels, 4);
    EXPECT_EQ(raw.spec.format, OIIO::TypeDesc::UINT16);
    EXPECT_EQ(raw.spec.get_int_attribute("tiff:PhotometricInterpretation"), 5);  // separated
    EXPECT_EQ(raw.spec.get_string_attribute("tiff:ColorSpace"), "CMYK");
    EXPECT_EQ(raw.icc, profile_bytes_);  // embedded as given
    EXPECT_FLOAT_EQ(raw.spec.get_float_attribute("XResolution"), 300.0f);

    // Exactly what LittleCMS makes of the same 16-bit sRGB samples, from the sRGB profile our RGB
    // files embed.
    const std::string rgb_path = dir_.file("rgb.png");
    export_image(patches(), GenerationMetadata{}, rgb_path, ExportOptions{});
    const std::vector<std::uint8_t> srgb_bytes = read_raw(rgb_path).icc;
    ASSERT_FALSE(srgb_bytes.empty());
    cmsHPROFILE srgb =
        cmsOpenProfileFromMem(srgb_bytes.data(), static_cast<cmsUInt32Number>(srgb_bytes.size()));
    cmsHPROFILE cmyk = cmsOpenProfileFromMem(profile_bytes_.data(),
                                             static_cast<cmsUInt32Number>(profile_bytes_.size()));
    cmsHTRANSFORM t =
        cmsCreateTransform(srgb, TYPE_RGB_16, cmyk, TYPE_CMYK_16, INTENT_RELATIVE_COLORIMETRIC,
                           cmsFLAGS_BLACKPOINTCOMPENSATION);
    ASSERT_NE(t, nullptr);
    const std::uint16_t rgb[4][3] = {
        {65535, 65535, 65535}, {0, 0, 0}, {65535, 0, 0}, {32768, 32768, 32768}};
    for (int patch = 0; patch < 4; ++patch) {
        std::uint16_t expected[4];
        cmsDoTransform(t, rgb[patch], expected, 1);
        const std::uint16_t* got = &raw.samples[(1 * 16 + patch * 4 + 1) * 4];
        for (int c = 0; c < 4; ++c)
            EXPECT_EQ(got[c], expected[c]) << "patch " << patch << " channel " << c;
    }
    cmsDeleteTransform(t);
    cmsCloseProfile(cmyk);
    cmsCloseProfile(srgb);

    // And it is a separation: no ink on white, black mostly K, red is magenta + yellow.
    const auto px = [&](int patch, int c) {
        return raw.samples[(patch * 4 + 1) * 4 + c] / 65535.0;
    };
    for (int c = 0; c < 4; ++c) EXPECT_LT(px(0, c), 0.02) << c;
    EXPECT_GT(px(1, 3), 0.9);
    EXPECT_LT(px(2, 0), 0.1);
    EXPECT_GT(px(2, 1), 0.8);
    EXPECT_GT(px(2, 2), 0.8);
    EXPECT_GT(px(3, 3), 0.3);  // grey goes to K (full GCR)
    EXPECT_LT(px(3, 0), 0.1);

    const std::string info = test::tiffinfo(path);
    if (!info.empty()) {
        EXPECT_NE(info.find("Photometric Interpretation: separated"), std::string::npos) << info;
        EXPECT_NE(info.find("Samples/Pixel: 4"), std::string::npos) << info;
        EXPECT_NE(info.find("Bits/Sample: 16"), std::string::npos) << info;
        EXPECT_TRUE(info.find("InkSet: 1") != std::string::npos ||
                    info.find("Ink Set: CMYK") != std::string::npos)
            << info;
        EXPECT_EQ(info.find("Extra Samples"), std::string::npos) << info;
        EXPECT_NE(info.find("ICC Profile: <present>, " + std::to_string(profile_bytes_.size()) +
                            " bytes"),
                  std::string::npos)
            << info;
    }

    // Reading it back goes through the embedded profile to sRGB.
    const Image back = read_image(path);
    EXPECT_NEAR(back.at(1, 1, 0), 1.0f, 0.03f);
    EXPECT_NEAR(back.at(13, 1, 1), 0.5f, 0.05f);
    EXPECT_NEAR(back.at(9, 1, 0), 1.0f, 0.1f);
    EXPECT_NEAR(back.at(9, 1, 1), 0.0f, 0.1f);
}

TEST_F(CmykExport, EightBitAndUpscaledToPaper) {
    const std::string path = dir_.file("print8.tif");
    ExportOptions o;
    o.cmyk_profile_path = profile_path_;
    o.bit_depth = 8;
    o.intent = RenderingIntent::Perceptual;
    o.paper = parse_paper_size("20x10mm");
    o.ppi = 254;  // 200 x 100 px
    o.compression = TiffCompression::Deflate;
    export_image(patches(), GenerationMetadata{}, path, o);
    const Raw raw = read_raw(path);
    EXPECT_EQ(raw.spec.nchannels, 4);
    EXPECT_EQ(raw.spec.format, OIIO::TypeDesc::UINT8);
    EXPECT_EQ(raw.spec.width, 200);
    EXPECT_EQ(raw.spec.height, 100);
    EXPECT_EQ(raw.spec.get_int_attribute("tiff:PhotometricInterpretation"), 5);
}

TEST_F(CmykExport, RealPrinterProfileFromThePackagesWhenInstalled) {
    const std::string ghostscript = "/usr/share/color/icc/ghostscript/default_cmyk.icc";
    if (::access(ghostscript.c_str(), R_OK) != 0) GTEST_SKIP() << ghostscript << " not installed";
    const std::string path = dir_.file("gs.tif");
    ExportOptions o;
    o.cmyk_profile_path = ghostscript;
    export_image(patches(), GenerationMetadata{}, path, o);
    const Raw raw = read_raw(path);
    EXPECT_EQ(raw.spec.nchannels, 4);
    EXPECT_EQ(raw.icc, test::read_bytes(ghostscript));
    EXPECT_LT(raw.samples[(0 * 4 + 1) * 4 + 0], 1000);  // white: (almost) no cyan
}

TEST_F(CmykExport, BadProfilesFailBeforeAnyFileIsWritten) {
    const std::string out = dir_.file("out.tif");
    ExportOptions o;
    o.cmyk_profile_path = dir_.file("missing.icc");
    EXPECT_EQ(kind_of([&] { export_image(patches(), GenerationMetadata{}, out, o); }),
              ErrorKind::Io);

    test::write_bytes(dir_.file("garbage.icc"), std::vector<std::uint8_t>(500, 7));
    o.cmyk_profile_path = dir_.file("garbage.icc");
    EXPECT_EQ(kind_of([&] { export_image(patches(), GenerationMetadata{}, out, o); }),
              ErrorKind::CorruptFile);

    // An RGB profile is not a printer profile.
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsUInt32Number size = 0;
    cmsSaveProfileToMem(srgb, nullptr, &size);
    std::vector<std::uint8_t> bytes(size);
    cmsSaveProfileToMem(srgb, bytes.data(), &size);
    cmsCloseProfile(srgb);
    test::write_bytes(dir_.file("rgb.icc"), bytes);
    o.cmyk_profile_path = dir_.file("rgb.icc");
    EXPECT_EQ(kind_of([&] { export_image(patches(), GenerationMetadata{}, out, o); }),
              ErrorKind::InvalidArgument);

    o.cmyk_profile_path = profile_path_;
    EXPECT_EQ(
        kind_of([&] { export_image(patches(), GenerationMetadata{}, dir_.file("out.png"), o); }),
        ErrorKind::InvalidArgument);  // CMYK needs TIFF
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_FALSE(std::filesystem::exists(dir_.file("out.png")));
}

}  // namespace
}  // namespace pixart
