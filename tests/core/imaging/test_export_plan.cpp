// Paper / bleed / ppi arithmetic and the export plan (pure arithmetic, no files).
#include <gtest/gtest.h>

#include "imaging/xmp_packet.h"

#include "api/errors.h"
#include "api/image_export.h"

namespace pixart {
namespace {

ErrorKind kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::Internal;  // "no error" shows up as a mismatch
}

std::pair<int, int> pixels(const std::string& paper, double ppi = 300) {
    const PaperSize p = parse_paper_size(paper);
    return {length_to_pixels({p.width, p.unit}, ppi), length_to_pixels({p.height, p.unit}, ppi)};
}

TEST(PaperSizes, PresetsAt300PpiMatchTheProductTable) {
    EXPECT_EQ(pixels("A5"), std::make_pair(1748, 2480));
    EXPECT_EQ(pixels("A4"), std::make_pair(2480, 3508));
    EXPECT_EQ(pixels("A3"), std::make_pair(3508, 4961));
    EXPECT_EQ(pixels("A2"), std::make_pair(4961, 7016));
    EXPECT_EQ(pixels("Letter"), std::make_pair(2550, 3300));
    EXPECT_EQ(pixels("Tabloid"), std::make_pair(3300, 5100));
    EXPECT_EQ(pixels("18x24in"), std::make_pair(5400, 7200));
    EXPECT_EQ(paper_presets().size(), 7u);
}

TEST(PaperSizes, OtherResolutions) {
    EXPECT_EQ(pixels("A4", 72), std::make_pair(595, 842));
    EXPECT_EQ(pixels("A4", 150), std::make_pair(1240, 1754));
    EXPECT_EQ(pixels("Letter", 72), std::make_pair(612, 792));
    EXPECT_EQ(pixels("a4"), pixels("A4"));  // case-insensitive
}

TEST(PaperSizes, CustomSizesNeedAUnit) {
    const PaperSize mm = parse_paper_size("200x300mm");
    EXPECT_DOUBLE_EQ(mm.width, 200);
    EXPECT_DOUBLE_EQ(mm.height, 300);
    EXPECT_EQ(mm.unit, LengthUnit::Millimetre);
    const PaperSize in = parse_paper_size("8.5 x 11 in");
    EXPECT_DOUBLE_EQ(in.width, 8.5);
    EXPECT_EQ(in.unit, LengthUnit::Inch);
    EXPECT_EQ(pixels("8x10in"), std::make_pair(2400, 3000));
    for (const char* bad : {"A9", "8x10", "0x10mm", "10xmm", "x10mm", "-5x10mm", "", "A4x"}) {
        EXPECT_EQ(kind_of([&] { parse_paper_size(bad); }), ErrorKind::InvalidArgument) << bad;
    }
}

TEST(PaperSizes, LengthsAndScreenSizes) {
    EXPECT_DOUBLE_EQ(parse_length("3").in_mm(), 3.0);
    EXPECT_DOUBLE_EQ(parse_length("3mm").in_mm(), 3.0);
    EXPECT_DOUBLE_EQ(parse_length("0.125in").in_inches(), 0.125);
    EXPECT_DOUBLE_EQ(parse_length("0").value, 0.0);
    EXPECT_EQ(length_to_pixels(Length::mm(3), 300), 35);
    EXPECT_EQ(length_to_pixels(Length::inches(0.125), 300), 38);  // 37.5 rounds up
    for (const char* bad : {"-3mm", "3cm", "abc", "3 parsecs", ""}) {
        EXPECT_EQ(kind_of([&] { parse_length(bad); }), ErrorKind::InvalidArgument) << bad;
    }
    EXPECT_EQ(parse_pixel_size("4k-uhd"), std::make_pair(3840, 2160));
    EXPECT_EQ(parse_pixel_size("4096"), std::make_pair(4096, 4096));
    EXPECT_EQ(parse_pixel_size("dci-4k"), std::make_pair(4096, 2160));
    EXPECT_EQ(parse_pixel_size("1920x1080"), std::make_pair(1920, 1080));
    for (const char* bad : {"1920", "0x10", "10x", "70000x10", "axb", "1920x1080px"}) {
        EXPECT_EQ(kind_of([&] { parse_pixel_size(bad); }), ErrorKind::InvalidArgument) << bad;
    }
}

TEST(OptionNames, ParseAndNameAgree) {
    for (auto c : {TiffCompression::None, TiffCompression::Lzw, TiffCompression::Deflate}) {
        EXPECT_EQ(parse_tiff_compression(tiff_compression_name(c)), c);
    }
    for (auto f : {FitMode::Fill, FitMode::Fit, FitMode::Pad})
        EXPECT_EQ(parse_fit_mode(fit_mode_name(f)), f);
    for (auto i : {RenderingIntent::Perceptual, RenderingIntent::RelativeColorimetric,
                   RenderingIntent::Saturation, RenderingIntent::AbsoluteColorimetric}) {
        EXPECT_EQ(parse_rendering_intent(rendering_intent_name(i)), i);
    }
    EXPECT_EQ(parse_tiff_compression("ZIP"), TiffCompression::Deflate);
    EXPECT_EQ(image_format_for_path("/a/b.TIF"), ImageFormat::Tiff);
    EXPECT_EQ(image_format_for_path("x.jpeg"), ImageFormat::Jpeg);
    EXPECT_EQ(kind_of([] { image_format_for_path("x.webp"); }), ErrorKind::InvalidArgument);
    EXPECT_EQ(kind_of([] { image_format_for_path("dir.png/file"); }), ErrorKind::InvalidArgument);
    EXPECT_EQ(kind_of([] { parse_tiff_compression("jpeg"); }), ErrorKind::InvalidArgument);
    EXPECT_EQ(kind_of([] { parse_rendering_intent("vivid"); }), ErrorKind::InvalidArgument);
}

ExportOptions a4(double ppi = 300) {
    ExportOptions o;
    o.paper = parse_paper_size("A4");
    o.ppi = ppi;
    return o;
}

TEST(ExportPlan, FillA4From2048SquareCropsAndUpscales) {
    const ExportPlan plan = plan_export(2048, 2048, a4(), "out.tif");
    EXPECT_EQ(plan.format, ImageFormat::Tiff);
    EXPECT_EQ(plan.width, 2480);
    EXPECT_EQ(plan.height, 3508);
    EXPECT_EQ(plan.crop_width, 1448);  // 2048 * 2480 / 3508 = 1447.8
    EXPECT_EQ(plan.crop_height, 2048);
    EXPECT_EQ(plan.crop_x, 300);
    EXPECT_EQ(plan.crop_y, 0);
    EXPECT_TRUE(plan.resampled);
    EXPECT_NEAR(plan.scale, 2480.0 / 1448, 1e-12);
    EXPECT_NEAR(plan.effective_ppi, 300.0 * 1448 / 2480, 1e-9);  // 175.2
    EXPECT_NEAR(plan.print_width_mm, 210.0, 0.05);
    EXPECT_NEAR(plan.print_height_mm, 297.0, 0.05);
    EXPECT_EQ(plan.channels, 3);
    EXPECT_GT(plan.estimated_bytes, 2480ll * 3508 * 6 / 2);
    EXPECT_FALSE(plan.notes.empty());
}

TEST(ExportPlan, BleedAddsPixelsOnEverySide) {
    ExportOptions o = a4();
    o.bleed = Length::mm(3);
    const ExportPlan plan = plan_export(2048, 2048, o, "out.tif");
    EXPECT_EQ(plan.bleed_pixels, 35);
    EXPECT_EQ(plan.width, 2480 + 2 * 35);
    EXPECT_EQ(plan.height, 3508 + 2 * 35);

    ExportOptions letter;
    letter.paper = parse_paper_size("Letter");
    letter.landscape = true;
    letter.bleed = Length::inches(0.125);
    const ExportPlan us = plan_export(1024, 1024, letter, "out.png");
    EXPECT_EQ(us.width, 3300 + 2 * 38);
    EXPECT_EQ(us.height, 2550 + 2 * 38);
}

// 1e308 mm of bleed came out as 0 px (an undefined lround); now it is refused by name.
TEST(ExportPlan, AHugeBleedIsRefusedNotZero) {
    ExportOptions o = a4();
    o.bleed = parse_length("1e308mm");
    try {
        plan_export(2048, 2048, o, "out.tif");
        FAIL() << "a 1e308 mm bleed was planned";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("is more than 65535 px"), std::string::npos)
            << e.what();
    }
}

TEST(ExportPlan, LandscapeSwapsThePaper) {
    ExportOptions o = a4();
    o.landscape = true;
    const ExportPlan plan = plan_export(2048, 1024, o, "out.png");
    EXPECT_EQ(plan.width, 3508);
    EXPECT_EQ(plan.height, 2480);
}

TEST(ExportPlan, FitAndPadKeepTheWholeImage) {
    ExportOptions o = a4();
    o.fit = FitMode::Fit;
    const ExportPlan fit = plan_export(2048, 2048, o, "out.png");
    EXPECT_EQ(fit.width, 2480);
    EXPECT_EQ(fit.height, 2480);
    EXPECT_EQ(fit.crop_width, 2048);
    EXPECT_NEAR(fit.effective_ppi, 300.0 * 2048 / 2480, 1e-9);
    o.fit = FitMode::Pad;
    const ExportPlan pad = plan_export(2048, 2048, o, "out.png");
    EXPECT_EQ(pad.width, 2480);
    EXPECT_EQ(pad.height, 3508);
    EXPECT_EQ(pad.scaled_width, 2480);
    EXPECT_EQ(pad.scaled_height, 2480);
}

TEST(ExportPlan, ScreenPresetsAndNoTarget) {
    ExportOptions o;
    std::tie(o.target_width, o.target_height) = parse_pixel_size("4k-uhd");
    const ExportPlan uhd = plan_export(1024, 1024, o, "out.png");
    EXPECT_EQ(uhd.width, 3840);
    EXPECT_EQ(uhd.height, 2160);
    EXPECT_EQ(uhd.crop_width, 1024);
    EXPECT_EQ(uhd.crop_height, 576);
    EXPECT_EQ(uhd.crop_y, 224);
    EXPECT_DOUBLE_EQ(uhd.scale, 3.75);

    ExportOptions keep;
    keep.ppi = 72;
    const ExportPlan same = plan_export(1024, 768, keep, "out.jpg");
    EXPECT_FALSE(same.resampled);
    EXPECT_EQ(same.width, 1024);
    EXPECT_EQ(same.height, 768);
    EXPECT_DOUBLE_EQ(same.effective_ppi, 72.0);
    EXPECT_NEAR(same.print_width_mm, 1024 / 72.0 * 25.4, 1e-9);

    ExportOptions down;
    down.target_width = 512;
    down.target_height = 512;
    const ExportPlan half = plan_export(1024, 1024, down, "out.png");
    EXPECT_DOUBLE_EQ(half.scale, 0.5);
    EXPECT_DOUBLE_EQ(half.effective_ppi, 600.0);
}

TEST(ExportPlan, RejectsImpossibleOptions) {
    const auto check = [](ExportOptions o, const std::string& path) {
        return kind_of([&] { plan_export(1024, 1024, o, path); });
    };
    ExportOptions o;
    o.bit_depth = 16;
    EXPECT_EQ(check(o, "out.jpg"), ErrorKind::InvalidArgument);  // JPEG is 8-bit
    o.bit_depth = 12;
    EXPECT_EQ(check(o, "out.png"), ErrorKind::InvalidArgument);
    o = {};
    o.cmyk_profile_path = "/some/profile.icc";
    EXPECT_EQ(check(o, "out.png"), ErrorKind::InvalidArgument);  // CMYK needs TIFF
    o = {};
    o.ppi = 0;
    EXPECT_EQ(check(o, "out.png"), ErrorKind::InvalidArgument);
    o = {};
    o.bleed = Length::mm(3);
    EXPECT_EQ(check(o, "out.png"), ErrorKind::InvalidArgument);  // bleed without paper
    o = {};
    o.target_width = 100;
    EXPECT_EQ(check(o, "out.png"), ErrorKind::InvalidArgument);  // one side only
    o = a4(3000);
    EXPECT_EQ(check(o, "out.png"), ErrorKind::InvalidArgument);  // 24803 x 35079: too many pixels
    o = {};
    EXPECT_EQ(check(o, "out.gif"), ErrorKind::InvalidArgument);
    EXPECT_EQ(kind_of([] { plan_export(0, 10, ExportOptions{}, "out.png"); }),
              ErrorKind::InvalidArgument);
}

}  // namespace
}  // namespace pixart

// Control characters are not allowed in XML 1.0, not even as references: one in a prompt made
// the TIFF's XMP packet ill-formed. They become U+FFFD; tab and newline stay.
TEST(XmpPacket, ControlCharactersCannotBreakThePacket) {
    const std::string packet = pixart::imaging::make_xmp_packet(
        "a\x01b\tc\nd", "{\"prompt\": \"x\x1by\x7f\"}", "PixArt Studio");
    for (const char c : packet) {
        const auto u = static_cast<unsigned char>(c);
        EXPECT_TRUE(u >= 0x20 || c == '\n' || c == '\t' || c == '\r') << int(u);
    }
    EXPECT_EQ(pixart::imaging::xmp_element_text(packet, "pixart:generation"),
              "{\"prompt\": \"x\xEF\xBF\xBDy\x7f\"}");
}
