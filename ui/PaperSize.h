// Print sizes at 300 ppi (portrait pixels, PRODUCT.md), for the export without the imaging module.
#pragma once

#include <QList>
#include <QSize>
#include <QString>

namespace pixart::ui {

struct PaperSize {
    QString name;
    QSize pixels300;  // portrait, at 300 ppi

    static const QList<PaperSize>& all();
};

}  // namespace pixart::ui
