#include "support/ImageConversion.h"

#include <algorithm>
#include <cmath>

namespace pixart::ui {

QImage toQImage(const pixart::Image& image) {
    if (image.empty()) return {};
    QImage out(image.width, image.height, QImage::Format_RGB888);
    for (int y = 0; y < image.height; ++y) {
        uchar* line = out.scanLine(y);
        const float* src = image.pixels.data() + static_cast<size_t>(y) * image.width * 3;
        for (int i = 0; i < image.width * 3; ++i)
            line[i] = static_cast<uchar>(std::lround(std::clamp(src[i], 0.0f, 1.0f) * 255.0f));
    }
    return out;
}

QImage toQImage16(const pixart::Image& image) {
    if (image.empty()) return {};
    QImage out(image.width, image.height, QImage::Format_RGBX64);
    for (int y = 0; y < image.height; ++y) {
        auto* line = reinterpret_cast<quint16*>(out.scanLine(y));  // R G B X, 16 bits each
        const float* src = image.pixels.data() + static_cast<size_t>(y) * image.width * 3;
        for (int x = 0; x < image.width; ++x) {
            for (int c = 0; c < 3; ++c)
                line[x * 4 + c] = static_cast<quint16>(
                    std::lround(std::clamp(src[x * 3 + c], 0.0f, 1.0f) * 65535.0f));
            line[x * 4 + 3] = 65535;
        }
    }
    return out;
}

QImage toQImage(const pixart::PreviewImage& image) {
    if (image.empty()) return {};
    QImage out(image.width, image.height, QImage::Format_RGB888);
    for (int y = 0; y < image.height; ++y)
        std::copy_n(image.rgb.data() + static_cast<size_t>(y) * image.width * 3, image.width * 3,
                    out.scanLine(y));
    return out;
}

pixart::Image fromQImage(const QImage& image) {
    pixart::Image out;
    if (image.isNull()) return out;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    out.width = rgb.width();
    out.height = rgb.height();
    out.pixels.resize(static_cast<size_t>(out.width) * out.height * 3);
    for (int y = 0; y < out.height; ++y) {
        const uchar* line = rgb.constScanLine(y);
        for (int i = 0; i < out.width * 3; ++i)
            out.pixels[static_cast<size_t>(y) * out.width * 3 + i] = line[i] / 255.0f;
    }
    return out;
}

}  // namespace pixart::ui
