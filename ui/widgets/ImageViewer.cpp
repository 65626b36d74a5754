#include "widgets/ImageViewer.h"

#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <algorithm>

#include "image_library/ImageActions.h"
#include "item_models/GalleryModel.h"
#include "support/ImageFileReading.h"
#include "support/PoolTask.h"
#include "support/Theme.h"

namespace pixart::ui {

ImageViewer::ImageViewer(GalleryModel* model, QWidget* parent) : QDialog(parent), model_(model) {
    setWindowTitle(tr("Image"));
    resize(900, 900);
    scene_ = new QGraphicsScene(this);
    item_ = scene_->addPixmap(QPixmap());
    item_->setTransformationMode(Qt::SmoothTransformation);
    view_ = new QGraphicsView(scene_, this);
    view_->setDragMode(QGraphicsView::ScrollHandDrag);
    view_->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    view_->setBackgroundBrush(neutralSurround());
    view_->viewport()->installEventFilter(this);
    caption_ = new QLabel(this);
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* fitButton = new QPushButton(tr("Fit"), this);
    fitButton->setToolTip(tr("The whole image in the window (0)"));
    auto* actualButton = new QPushButton(tr("100 %"), this);
    actualButton->setToolTip(tr("One image pixel per screen pixel (1)"));
    zoomLabel_ = new QLabel(this);
    zoomLabel_->setMinimumWidth(
        zoomLabel_->fontMetrics().horizontalAdvance(QStringLiteral("3200 %")));
    zoomLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* prev = new QPushButton(tr("← Previous"), this);
    auto* nextButton = new QPushButton(tr("Next →"), this);
    auto* copyButton = new QPushButton(tr("Copy"), this);
    auto* reveal = new QPushButton(tr("Show in folder"), this);
    auto* variations = new QPushButton(tr("Variations"), this);
    variations->setToolTip(tr("Four new images from this one (same prompt, strength 0.6)"));
    auto* refine = new QPushButton(tr("Refine for print"), this);
    refine->setToolTip(tr("This image at twice its size, repainted lightly for detail"));
    auto* exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setToolTip(tr("Export for print: paper, bleed, resolution (Ctrl+E)"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(prev);
    buttons->addWidget(nextButton);
    buttons->addStretch();
    buttons->addWidget(fitButton);
    buttons->addWidget(actualButton);
    buttons->addWidget(zoomLabel_);
    buttons->addWidget(variations);
    buttons->addWidget(refine);
    buttons->addWidget(exportButton);
    buttons->addWidget(copyButton);
    buttons->addWidget(reveal);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(view_, 1);
    layout->addWidget(caption_);
    layout->addLayout(buttons);

    for (QPushButton* b : {prev, nextButton, fitButton, actualButton, variations, refine,
                           exportButton, copyButton, reveal})
        b->setFocusPolicy(Qt::NoFocus);
    connect(fitButton, &QPushButton::clicked, this, &ImageViewer::fitToWindow);
    connect(actualButton, &QPushButton::clicked, this, &ImageViewer::actualPixels);
    connect(variations, &QPushButton::clicked, this, [this] {
        const LibraryEntry e = model_->entryAt(row_);
        if (!e.imagePath.isEmpty()) Q_EMIT variationsRequested(e);
    });
    connect(refine, &QPushButton::clicked, this, [this] {
        const LibraryEntry e = model_->entryAt(row_);
        if (!e.imagePath.isEmpty()) Q_EMIT refineRequested(e);
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const LibraryEntry e = model_->entryAt(row_);
        if (!e.imagePath.isEmpty()) Q_EMIT exportRequested(e);
    });
    connect(prev, &QPushButton::clicked, this, &ImageViewer::previous);
    connect(nextButton, &QPushButton::clicked, this, &ImageViewer::next);
    connect(copyButton, &QPushButton::clicked, this, &ImageViewer::copy);
    connect(reveal, &QPushButton::clicked, this, [this] {
        const LibraryEntry e = model_->entryAt(row_);
        if (!e.imagePath.isEmpty()) ImageActions::revealInFileManager(e.imagePath);
    });
    const auto bind = [this](const QKeySequence& keys, auto slot) {
        connect(new QShortcut(keys, this), &QShortcut::activated, this, slot);
    };
    bind(QKeySequence(Qt::Key_Right), [this] { next(); });
    bind(QKeySequence(Qt::Key_Left), [this] { previous(); });
    bind(QKeySequence(Qt::Key_Plus), [this] { zoomBy(1.25); });
    bind(QKeySequence(Qt::Key_Equal), [this] { zoomBy(1.25); });
    bind(QKeySequence(Qt::Key_Minus), [this] { zoomBy(0.8); });
    bind(QKeySequence(Qt::Key_0), [this] { fitToWindow(); });
    bind(QKeySequence(Qt::Key_1), [this] { actualPixels(); });
    bind(QKeySequence::Copy, [this] { copy(); });
    bind(QKeySequence(Qt::CTRL | Qt::Key_E), [exportButton] { exportButton->click(); });
}

void ImageViewer::showRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    row_ = row;
    const LibraryEntry entry = model_->entryAt(row);
    caption_->setText(tr("%1\nSeed %2 · %3 × %4 · %5 steps · CFG %6 · %7")
                          .arg(entry.settings.prompt())
                          .arg(entry.settings.seed())
                          .arg(entry.width)
                          .arg(entry.height)
                          .arg(entry.settings.request.steps)
                          .arg(entry.settings.request.guidance_scale)
                          .arg(entry.settings.sampler()));
    setWindowTitle(tr("Image %1 of %2").arg(row + 1).arg(model_->rowCount()));
    const quint64 ticket = ++loadTicket_;
    runInPool(
        this, [path = entry.imagePath] { return readImageFile(path); },
        [this, ticket, row](const QImage& image, const QString&) {
            if (ticket == loadTicket_) setImage(row, image);
        });
}

void ImageViewer::setImage(int, const QImage& image) {
    image_ = image;
    item_->setPixmap(QPixmap::fromImage(image));
    scene_->setSceneRect(item_->boundingRect());
    applyZoom();
}

void ImageViewer::next() {
    if (row_ + 1 < model_->rowCount()) showRow(row_ + 1);
}

void ImageViewer::previous() {
    if (row_ > 0) showRow(row_ - 1);
}

void ImageViewer::zoomBy(double factor) {
    if (fit_) {
        // Start from the fitted scale so zooming feels continuous.
        zoom_ = view_->transform().m11();
        fit_ = false;
    }
    zoom_ = std::clamp(zoom_ * factor, 0.05, 32.0);
    applyZoom();
}

void ImageViewer::fitToWindow() {
    fit_ = true;
    applyZoom();
}

void ImageViewer::actualPixels() {
    fit_ = false;
    zoom_ = 1.0;
    applyZoom();
}

void ImageViewer::copy() { ImageActions::copyToClipboard(image_); }

QString ImageViewer::zoomText() const { return zoomLabel_->text(); }

bool ImageViewer::smoothScaling() const {
    return item_->transformationMode() == Qt::SmoothTransformation;
}

void ImageViewer::applyZoom() {
    if (fit_) {
        view_->fitInView(item_, Qt::KeepAspectRatio);
        zoom_ = view_->transform().m11();
    } else {
        view_->setTransform(QTransform::fromScale(zoom_, zoom_));
    }
    // Enlarged, every image pixel stays a crisp square (to judge detail); reduced, smoothing
    // keeps fine detail from aliasing.
    item_->setTransformationMode(zoom_ > 1.0 + 1e-9 ? Qt::FastTransformation
                                                    : Qt::SmoothTransformation);
    zoomLabel_->setText(QStringLiteral("%1 %").arg(qRound(zoom_ * 100.0)));
}

bool ImageViewer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport() && event->type() == QEvent::Wheel) {
        const auto* wheel = static_cast<QWheelEvent*>(event);
        zoomBy(wheel->angleDelta().y() > 0 ? 1.15 : 1.0 / 1.15);
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

void ImageViewer::resizeEvent(QResizeEvent* event) {
    QDialog::resizeEvent(event);
    if (fit_) applyZoom();
}

}  // namespace pixart::ui
