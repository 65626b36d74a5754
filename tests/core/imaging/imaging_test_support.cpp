#include "imaging_test_support.h"

#include <lcms2.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

namespace pixart::test {

Image make_gradient_image(int width, int height) {
    Image image;
    image.width = width;
    image.height = height;
    image.pixels.resize(std::size_t(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const float fx = width > 1 ? float(x) / float(width - 1) : 0.0f;
            const float fy = height > 1 ? float(y) / float(height - 1) : 0.0f;
            image.at(x, y, 0) = fx;
            image.at(x, y, 1) = fy;
            image.at(x, y, 2) = 0.5f * (fx + fy);
        }
    }
    return image;
}

Image make_solid_image(int width, int height, float r, float g, float b) {
    Image image;
    image.width = width;
    image.height = height;
    image.pixels.resize(std::size_t(width) * height * 3);
    for (std::size_t i = 0; i < image.pixels.size(); i += 3) {
        image.pixels[i] = r;
        image.pixels[i + 1] = g;
        image.pixels[i + 2] = b;
    }
    return image;
}

namespace {

struct Transforms {
    cmsHTRANSFORM rgb_to_lab;
    cmsHTRANSFORM lab_to_rgb;
};

// CMYK (16-bit) -> Lab (v4 16-bit encoding): ink multiplies white paper, then sRGB -> Lab.
int cmyk_to_lab(const cmsUInt16Number in[], cmsUInt16Number out[], void* cargo) {
    const auto* t = static_cast<const Transforms*>(cargo);
    const double k = in[3] / 65535.0;
    cmsUInt16Number rgb[3];
    for (int c = 0; c < 3; ++c) {
        rgb[c] = static_cast<cmsUInt16Number>((1.0 - in[c] / 65535.0) * (1.0 - k) * 65535.0 + 0.5);
    }
    cmsDoTransform(t->rgb_to_lab, rgb, out, 1);
    return 1;
}

// Lab -> CMYK: through sRGB, full grey-component replacement.
int lab_to_cmyk(const cmsUInt16Number in[], cmsUInt16Number out[], void* cargo) {
    const auto* t = static_cast<const Transforms*>(cargo);
    cmsUInt16Number rgb16[3];
    cmsDoTransform(t->lab_to_rgb, in, rgb16, 1);
    const double r = rgb16[0] / 65535.0, g = rgb16[1] / 65535.0, b = rgb16[2] / 65535.0;
    const double k = 1.0 - std::max({r, g, b});
    const double denominator = k < 1.0 ? 1.0 - k : 1.0;
    const double cmy[3] = {(1.0 - r - k) / denominator, (1.0 - g - k) / denominator,
                           (1.0 - b - k) / denominator};
    for (int c = 0; c < 3; ++c)
        out[c] = static_cast<cmsUInt16Number>(std::clamp(cmy[c], 0.0, 1.0) * 65535.0 + 0.5);
    out[3] = static_cast<cmsUInt16Number>(std::clamp(k, 0.0, 1.0) * 65535.0 + 0.5);
    return 1;
}

}  // namespace

std::vector<std::uint8_t> make_test_cmyk_profile() {
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsHPROFILE lab = cmsCreateLab4Profile(nullptr);
    Transforms t{
        cmsCreateTransform(srgb, TYPE_RGB_16, lab, TYPE_Lab_16, INTENT_RELATIVE_COLORIMETRIC, 0),
        cmsCreateTransform(lab, TYPE_Lab_16, srgb, TYPE_RGB_16, INTENT_RELATIVE_COLORIMETRIC, 0)};

    cmsHPROFILE profile = cmsCreateProfilePlaceholder(nullptr);
    cmsSetProfileVersion(profile, 4.3);
    cmsSetDeviceClass(profile, cmsSigOutputClass);
    cmsSetColorSpace(profile, cmsSigCmykData);
    cmsSetPCS(profile, cmsSigLabData);

    // lutAtoB / lutBtoA need curves around the CLUT: identity ones.
    cmsPipeline* a2b = cmsPipelineAlloc(nullptr, 4, 3);
    cmsStage* a2b_clut = cmsStageAllocCLut16bit(nullptr, 9, 4, 3, nullptr);
    cmsStageSampleCLut16bit(a2b_clut, cmyk_to_lab, &t, 0);
    cmsPipelineInsertStage(a2b, cmsAT_END, cmsStageAllocToneCurves(nullptr, 4, nullptr));
    cmsPipelineInsertStage(a2b, cmsAT_END, a2b_clut);
    cmsPipelineInsertStage(a2b, cmsAT_END, cmsStageAllocToneCurves(nullptr, 3, nullptr));
    cmsPipeline* b2a = cmsPipelineAlloc(nullptr, 3, 4);
    cmsStage* b2a_clut = cmsStageAllocCLut16bit(nullptr, 17, 3, 4, nullptr);
    cmsStageSampleCLut16bit(b2a_clut, lab_to_cmyk, &t, 0);
    cmsPipelineInsertStage(b2a, cmsAT_END, cmsStageAllocToneCurves(nullptr, 3, nullptr));
    cmsPipelineInsertStage(b2a, cmsAT_END, b2a_clut);
    cmsPipelineInsertStage(b2a, cmsAT_END, cmsStageAllocToneCurves(nullptr, 4, nullptr));
    cmsWriteTag(profile, cmsSigAToB0Tag, a2b);
    cmsWriteTag(profile, cmsSigBToA0Tag, b2a);
    cmsWriteTag(profile, cmsSigMediaWhitePointTag, cmsD50_XYZ());
    cmsMLU* description = cmsMLUalloc(nullptr, 1);
    cmsMLUsetASCII(description, "en", "US", "PixArt test CMYK (naive GCR)");
    cmsWriteTag(profile, cmsSigProfileDescriptionTag, description);
    cmsMLUfree(description);

    cmsUInt32Number size = 0;
    cmsSaveProfileToMem(profile, nullptr, &size);
    std::vector<std::uint8_t> bytes(size);
    cmsSaveProfileToMem(profile, bytes.data(), &size);

    cmsPipelineFree(a2b);
    cmsPipelineFree(b2a);
    cmsCloseProfile(profile);
    cmsDeleteTransform(t.rgb_to_lab);
    cmsDeleteTransform(t.lab_to_rgb);
    cmsCloseProfile(lab);
    cmsCloseProfile(srgb);
    return bytes;
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<std::uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::string tiffinfo(const std::string& path) {
    if (::access("/usr/bin/tiffinfo", X_OK) != 0) return {};
    const std::string command = "/usr/bin/tiffinfo '" + path + "' 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) return {};
    std::string out;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe.get())) out.append(buffer, n);
    return out;
}

}  // namespace pixart::test
