// The two-pass Lanczos-3 resize against OpenImageIO 2.4's 2-D one (what exports used before):
// the same weights, so every value agrees to float rounding, well within one 16-bit step.
#include "imaging/separable_lanczos.h"

#include <OpenImageIO/imagebuf.h>
#include <OpenImageIO/imagebufalgo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

pixart::Image random_image(int width, int height, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> value(0.0f, 1.0f);
    pixart::Image image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<std::size_t>(width) * height * 3);
    for (float& v : image.pixels) v = value(random);
    return image;
}

pixart::Image oiio_resize(const pixart::Image& source, int width, int height) {
    OIIO::ImageBuf src(OIIO::ImageSpec(source.width, source.height, 3, OIIO::TypeDesc::FLOAT),
                       const_cast<float*>(source.pixels.data()));
    pixart::Image out;
    out.width = width;
    out.height = height;
    out.pixels.resize(static_cast<std::size_t>(width) * height * 3);
    OIIO::ImageBuf dst(OIIO::ImageSpec(width, height, 3, OIIO::TypeDesc::FLOAT), out.pixels.data());
    EXPECT_TRUE(OIIO::ImageBufAlgo::resize(dst, src, "lanczos3"));
    return out;
}

TEST(SeparableLanczos, EqualsOpenImageIOWithinOneSixteenBitStep) {
    struct Size {
        int w, h, to_w, to_h;
    };
    const Size sizes[] = {{37, 23, 74, 46}, {64, 48, 23, 17}, {100, 80, 100, 80}, {50, 40, 171, 93},
                          {5, 3, 1, 1},     {1, 1, 5, 4},     {128, 64, 300, 64}};
    unsigned seed = 1;
    for (const Size& s : sizes) {
        SCOPED_TRACE(std::to_string(s.w) + "x" + std::to_string(s.h) + " -> " +
                     std::to_string(s.to_w) + "x" + std::to_string(s.to_h));
        const pixart::Image source = random_image(s.w, s.h, seed++);
        const pixart::Image ours =
            pixart::imaging::separable_lanczos_resize(source, s.to_w, s.to_h);
        const pixart::Image theirs = oiio_resize(source, s.to_w, s.to_h);
        ASSERT_EQ(ours.pixels.size(), theirs.pixels.size());
        float worst = 0.0f;
        for (std::size_t i = 0; i < ours.pixels.size(); ++i)
            worst = std::max(worst, std::fabs(ours.pixels[i] - theirs.pixels[i]));
        EXPECT_LE(worst, 1.0f / 65535.0f);
        EXPECT_LE(worst, 1e-5f);
    }
}

// Shrinking one axis while enlarging the other, OpenImageIO sizes both windows from the x
// filter, which cuts the y filter short (radius 2 instead of 3 source pixels at 2x); here each
// axis has its whole filter, so the two differ by a few 1e-3 there. A flat picture stays flat.
TEST(SeparableLanczos, ShrinkingOneAxisWhileEnlargingTheOtherKeepsTheWholeFilter) {
    const pixart::Image source = random_image(90, 60, 7);
    const pixart::Image ours = pixart::imaging::separable_lanczos_resize(source, 45, 120);
    const pixart::Image theirs = oiio_resize(source, 45, 120);
    float worst = 0.0f;
    for (std::size_t i = 0; i < ours.pixels.size(); ++i)
        worst = std::max(worst, std::fabs(ours.pixels[i] - theirs.pixels[i]));
    EXPECT_LT(worst, 0.02f);
    EXPECT_EQ(pixart::imaging::lanczos_axis(60, 120).taps, 7);  // 3 source pixels each side
    pixart::Image flat = source;
    std::fill(flat.pixels.begin(), flat.pixels.end(), 0.25f);
    for (float v : pixart::imaging::separable_lanczos_resize(flat, 45, 120).pixels)
        EXPECT_NEAR(v, 0.25f, 1e-6f);
}

TEST(SeparableLanczos, SameSizeIsTheImageAndWeightsSumToOne) {
    // OpenImageIO's lanczos3 is not exactly 0 at whole numbers (sin(pi) by the triple-angle
    // identity): the same size is the image to ~1e-6, as there.
    const pixart::Image source = random_image(31, 17, 9);
    const pixart::Image same = pixart::imaging::separable_lanczos_resize(source, 31, 17);
    for (std::size_t i = 0; i < source.pixels.size(); ++i)
        EXPECT_NEAR(same.pixels[i], source.pixels[i], 1e-5f);
    for (const auto& [in, out] : {std::pair{100, 37}, std::pair{37, 100}}) {
        const auto axis = pixart::imaging::lanczos_axis(in, out);
        for (int o = 0; o < out; ++o) {
            float total = 0.0f;
            for (int i = 0; i < axis.taps; ++i) total += axis.weights[o * axis.taps + i];
            EXPECT_NEAR(total, 1.0f, 1e-5f);
        }
    }
}

}  // namespace
