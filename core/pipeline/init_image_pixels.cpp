#include "init_image_pixels.h"

#include <algorithm>
#include <cmath>

#include "api/errors.h"

namespace pixart {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kLanczosSupport = 3.0;

double sinc(double x) {
    if (x == 0.0) return 1.0;
    x *= kPi;
    return std::sin(x) / x;
}

double lanczos(double x) {
    return std::abs(x) < kLanczosSupport ? sinc(x) * sinc(x / kLanczosSupport) : 0.0;
}

}  // namespace

// Pillow's ImagingResample precompute_coeffs: output pixel i centred at (i + 0.5) * scale in
// the input, taps within support * max(scale, 1), normalised.
torch::Tensor lanczos_weights(int in_size, int out_size) {
    const double scale = static_cast<double>(in_size) / out_size;
    const double filter_scale = std::max(scale, 1.0);
    const double support = kLanczosSupport * filter_scale;
    torch::Tensor weights = torch::zeros({out_size, in_size}, torch::kFloat64);
    auto w = weights.accessor<double, 2>();
    for (int i = 0; i < out_size; ++i) {
        const double center = (i + 0.5) * scale;
        const int first = std::max(static_cast<int>(center - support + 0.5), 0);
        const int last = std::min(static_cast<int>(center + support + 0.5), in_size);
        double total = 0.0;
        for (int x = first; x < last; ++x) {
            const double value = lanczos((x - center + 0.5) / filter_scale);
            w[i][x] = value;
            total += value;
        }
        if (total != 0.0) {
            for (int x = first; x < last; ++x) w[i][x] /= total;
        }
    }
    return weights;
}

torch::Tensor init_image_pixels(const Image& image, int width, int height) {
    if (image.empty() || width < 1 || height < 1 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
        throw Error(ErrorKind::InvalidArgument, "init image: no pixels, or a malformed image");
    }
    torch::Tensor pixels = torch::from_blob(const_cast<float*>(image.pixels.data()),
                                            {image.height, image.width, 3}, torch::kFloat32)
                               .permute({2, 0, 1})
                               .unsqueeze(0)
                               .contiguous();  // a copy: the request's pixels are never written
    if (image.width != width || image.height != height) {
        // Cover width x height, then crop the centre.
        const double scale = std::max(static_cast<double>(width) / image.width,
                                      static_cast<double>(height) / image.height);
        const int covered_w = std::max(width, static_cast<int>(std::lround(image.width * scale)));
        const int covered_h = std::max(height, static_cast<int>(std::lround(image.height * scale)));
        const torch::Tensor rows = lanczos_weights(image.height, covered_h);
        const torch::Tensor cols = lanczos_weights(image.width, covered_w);
        torch::Tensor resized = pixels.to(torch::kFloat64).matmul(cols.t());
        resized = rows.matmul(resized);
        pixels = resized.narrow(2, (covered_h - height) / 2, height)
                     .narrow(3, (covered_w - width) / 2, width)
                     .clamp(0.0, 1.0)
                     .to(torch::kFloat32)
                     .contiguous();
    }
    // VaeImageProcessor.normalize: 2 * x - 1 in float32 (x * 2 is exact).
    return pixels * 2.0 - 1.0;
}

}  // namespace pixart
