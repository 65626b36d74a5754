#include "widgets/ImageCanvas.h"

#include <QPainter>

namespace pixart::ui {

ImageCanvas::ImageCanvas(QWidget* parent) : QWidget(parent) {
    setMinimumSize(128, 128);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageCanvas::setImage(const QImage& image) {
    image_ = image;
    update();
}

void ImageCanvas::setPlaceholder(const QString& text) {
    placeholder_ = text;
    update();
}

void ImageCanvas::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (image_.isNull()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap,
                         placeholder_);
        return;
    }
    QSize target = image_.size().scaled(size(), Qt::KeepAspectRatio);
    QRect frame(QPoint(0, 0), target);
    frame.moveCenter(rect().center());
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(frame, image_);
}

}  // namespace pixart::ui
