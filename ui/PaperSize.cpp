#include "PaperSize.h"

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

}  // namespace pixart::ui
