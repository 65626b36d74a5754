#include "PaperSize.h"

#include <algorithm>

namespace pixart::ui {

const QList<PaperSize>& PaperSize::all() {
    static const QList<PaperSize> sizes = {
        {QStringLiteral("A5"), {1748, 2480}},       {QStringLiteral("A4"), {2480, 3508}},
        {QStringLiteral("A3"), {3508, 4961}},       {QStringLiteral("A2"), {4961, 7016}},
        {QStringLiteral("Letter"), {2550, 3300}},   {QStringLiteral("Tabloid"), {3300, 5100}},
        {QStringLiteral("18×24 in"), {5400, 7200}},
    };
    return sizes;
}

double PaperSize::effectivePpi(const QSize& image) const {
    if (image.isEmpty()) return 0.0;
    const bool landscape = image.width() > image.height();
    const QSize paper = landscape ? pixels300.transposed() : pixels300;
    // The image fits inside the paper: the tighter side decides.
    const double sx = static_cast<double>(image.width()) / paper.width();
    const double sy = static_cast<double>(image.height()) / paper.height();
    return 300.0 * std::min(sx, sy);
}

}  // namespace pixart::ui
