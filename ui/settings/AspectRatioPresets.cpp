#include "settings/AspectRatioPresets.h"

#include <cmath>

#include "api/errors.h"

namespace pixart::ui {

AspectRatioPresets::AspectRatioPresets(int sampleSize,
                                       const std::vector<pixart::AspectRatioBin>& bins)
    : sampleSize_(sampleSize) {
    for (const auto& bin : bins) {
        Preset p;
        p.size = QSize(bin.width, bin.height);
        p.ratio = QString::fromStdString(bin.ratio);
        p.label =
            QStringLiteral("%1  %2 × %3").arg(ratioName(p.size)).arg(bin.width).arg(bin.height);
        presets_.append(p);
    }
}

int AspectRatioPresets::indexOf(const QSize& size) const {
    for (int i = 0; i < presets_.size(); ++i)
        if (presets_[i].size == size) return i;
    return -1;
}

int AspectRatioPresets::nativeIndex() const {
    return indexOf(QSize(sampleSize_ * 8, sampleSize_ * 8));
}

QSize AspectRatioPresets::binFor(const QSize& requested) const {
    if (presets_.isEmpty() || requested.width() <= 0 || requested.height() <= 0) return {};
    try {
        const auto bin =
            pixart::nearest_aspect_ratio_bin(sampleSize_, requested.height(), requested.width());
        return QSize(bin.width, bin.height);
    } catch (const pixart::Error&) {
        return {};
    }
}

int AspectRatioPresets::swappedIndex(int index) const {
    if (index < 0 || index >= presets_.size()) return -1;
    const QSize swapped = presets_[index].size.transposed();
    const int exact = indexOf(swapped);
    return exact >= 0 ? exact : indexOf(binFor(swapped));
}

QString AspectRatioPresets::ratioName(const QSize& size) {
    if (size.width() <= 0 || size.height() <= 0) return {};
    static const int kFamiliar[][2] = {{1, 1},  {4, 3},  {3, 4},  {3, 2}, {2, 3}, {16, 9},
                                       {9, 16}, {21, 9}, {9, 21}, {2, 1}, {1, 2}, {5, 4},
                                       {4, 5},  {3, 1},  {1, 3},  {4, 1}, {1, 4}};
    const double r = static_cast<double>(size.width()) / size.height();
    for (const auto& f : kFamiliar) {
        const double fr = static_cast<double>(f[0]) / f[1];
        if (std::abs(r - fr) / fr <= 0.02) return QStringLiteral("%1:%2").arg(f[0]).arg(f[1]);
    }
    return r >= 1.0 ? QStringLiteral("%1:1").arg(r, 0, 'f', 2)
                    : QStringLiteral("1:%1").arg(1.0 / r, 0, 'f', 2);
}

}  // namespace pixart::ui
