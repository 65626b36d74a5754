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

QList<AspectRatioPresets::Named> AspectRatioPresets::named(bool portrait) const {
    struct Ratio {
        const char* landscape;
        const char* portrait;
        double widthOverHeight;
    };
    static const Ratio kRatios[] = {{"1:1", "1:1", 1.0},
                                    {"3:2", "2:3", 3.0 / 2.0},
                                    {"4:3", "3:4", 4.0 / 3.0},
                                    {"5:4", "4:5", 5.0 / 4.0},
                                    {"16:9", "9:16", 16.0 / 9.0},
                                    {"21:9", "9:21", 21.0 / 9.0},
                                    {"A paper (√2:1)", "A paper (1:√2)", 1.41421356}};
    QList<Named> list;
    for (const Ratio& r : kRatios) {
        // A size of exactly this ratio, classified as diffusers does.
        const QSize wanted(static_cast<int>(std::lround(r.widthOverHeight * 1024.0)), 1024);
        const int index = indexOf(binFor(portrait ? wanted.transposed() : wanted));
        if (index < 0) continue;
        bool listed = false;
        for (const Named& n : list) listed = listed || n.index == index;
        if (listed) continue;
        Named n;
        n.name = QString::fromUtf8(portrait ? r.portrait : r.landscape);
        n.index = index;
        const QSize size = presets_[index].size;
        n.label = QStringLiteral("%1  %2 × %3").arg(n.name).arg(size.width()).arg(size.height());
        list.append(n);
    }
    return list;
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
