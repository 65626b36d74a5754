// Print sizes at 300 ppi (portrait pixels, PRODUCT.md) and the resolution an image reaches on them.
#pragma once

#include <QList>
#include <QSize>
#include <QString>

namespace pixart::ui {

struct PaperSize {
    QString name;
    QSize pixels300;  // portrait, at 300 ppi

    static const QList<PaperSize>& all();
    // The ppi an image of `image` pixels reaches when it fills this paper (orientation matched).
    double effectivePpi(const QSize& image) const;
};

}  // namespace pixart::ui
