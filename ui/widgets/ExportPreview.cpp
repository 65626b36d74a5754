#include "widgets/ExportPreview.h"

#include <QPainter>
#include <QPen>
#include <algorithm>

#include "support/Theme.h"

namespace pixart::ui {

ExportPreview::ExportPreview(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("exportPreview"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ExportPreview::setSource(const QImage& image, const QSize& sourceSize) {
    source_ = image;
    sourceSize_ = sourceSize;
    update();
}

void ExportPreview::setPage(const Page& page) {
    page_ = page;
    update();
}

QRect ExportPreview::pageRect() const {
    if (!page_.size.isValid() || page_.size.isEmpty()) return {};
    const QRect area = rect().adjusted(8, 8, -8, -24);  // room for the ppi line
    const QSize fitted = page_.size.scaled(area.size(), Qt::KeepAspectRatio);
    return QRect(area.center() - QPoint(fitted.width() / 2, fitted.height() / 2), fitted);
}

void ExportPreview::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), neutralSurround());
    const QRect page = pageRect();
    if (page.isEmpty()) return;
    const double scale = static_cast<double>(page.width()) / page_.size.width();
    painter.fillRect(page, Qt::white);

    // The image where it lands: only its used part, at its resampled size, centred.
    if (!source_.isNull() && sourceSize_.isValid() && page_.scaledSize.isValid()) {
        const QSizeF placed = QSizeF(page_.scaledSize) * scale;
        const QRectF target(page.center() - QPointF(placed.width() / 2, placed.height() / 2),
                            placed);
        const double thumb = static_cast<double>(source_.width()) / sourceSize_.width();
        const QRectF from(page_.crop.x() * thumb, page_.crop.y() * thumb,
                          page_.crop.width() * thumb, page_.crop.height() * thumb);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(target.intersected(QRectF(page)), source_, from);
    }
    // Bleed: tinted outside the trim line, which is dashed.
    if (page_.bleedPixels > 0) {
        const int bleed = std::max(1, static_cast<int>(page_.bleedPixels * scale + 0.5));
        const QRect trim = page.adjusted(bleed, bleed, -bleed, -bleed);
        const QColor tint(220, 40, 40, 90);
        painter.fillRect(QRect(page.left(), page.top(), page.width(), bleed), tint);
        painter.fillRect(QRect(page.left(), trim.bottom() + 1, page.width(), bleed), tint);
        painter.fillRect(QRect(page.left(), trim.top(), bleed, trim.height()), tint);
        painter.fillRect(QRect(trim.right() + 1, trim.top(), bleed, trim.height()), tint);
        painter.setPen(QPen(Qt::black, 1, Qt::DashLine));
        painter.drawRect(trim.adjusted(0, 0, -1, -1));
    }
    painter.setPen(QPen(QColor(40, 40, 40), 1));
    painter.drawRect(page.adjusted(0, 0, -1, -1));
    if (page_.effectivePpi > 0) {
        painter.setPen(Qt::white);
        painter.drawText(
            rect().adjusted(8, 0, -8, -4), Qt::AlignBottom | Qt::AlignHCenter,
            tr("%1 ppi from the generated pixels").arg(std::lround(page_.effectivePpi)));
    }
}

}  // namespace pixart::ui
