#include "widgets/InitImageRow.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

namespace pixart::ui {

namespace {
constexpr int kSliderSteps = 100;  // strength in hundredths
constexpr int kMinimumStrength = 5;
}  // namespace

InitImageRow::InitImageRow(QWidget* parent) : QWidget(parent) {
    setAcceptDrops(true);
    name_ = new QLabel(this);
    name_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    name_->setMinimumWidth(60);
    choose_ = new QToolButton(this);
    choose_->setText(tr("Choose…"));
    choose_->setToolTip(tr("Start from a picture (image-to-image); you can also drop one here"));
    clear_ = new QToolButton(this);
    clear_->setText(tr("Clear"));
    clear_->setToolTip(tr("Back to text-to-image"));
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(kMinimumStrength, kSliderSteps);
    slider_->setToolTip(tr("Strength: how much of the picture is repainted (1 = all of it)"));
    strengthLabel_ = new QLabel(this);
    strengthLabel_->setMinimumWidth(strengthLabel_->fontMetrics().horizontalAdvance("0.00") + 4);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(name_, 1);
    top->addWidget(choose_);
    top->addWidget(clear_);
    auto* bottom = new QHBoxLayout;
    bottom->setContentsMargins(0, 0, 0, 0);
    bottom->addWidget(slider_, 1);
    bottom->addWidget(strengthLabel_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(bottom);

    connect(choose_, &QToolButton::clicked, this, &InitImageRow::choose);
    connect(clear_, &QToolButton::clicked, this, [this] { setPicture(QString()); });
    connect(slider_, &QSlider::valueChanged, this, [this] { showState(); });
    setStrength(0.8);
    showState();
}

void InitImageRow::setPicture(const QString& path, bool refine) {
    path_ = path;
    refine_ = refine && !path.isEmpty();
    showState();
    Q_EMIT pictureChanged(path_);
}

double InitImageRow::strength() const {
    return static_cast<double>(slider_->value()) / kSliderSteps;
}

void InitImageRow::setStrength(double strength) {
    slider_->setValue(qBound(kMinimumStrength, qRound(strength * kSliderSteps), kSliderSteps));
}

void InitImageRow::choose() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Start from a picture"), QFileInfo(path_).absolutePath(),
        tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp);;All files (*)"));
    if (!path.isEmpty()) setPicture(path);
}

void InitImageRow::showState() {
    const bool has = !path_.isEmpty();
    if (has) {
        const QString name = QFileInfo(path_).fileName();
        name_->setText(refine_ ? tr("%1 (2× for print)").arg(name) : name);
        name_->setToolTip(path_);
    } else {
        name_->setText(tr("Nothing: text to image"));
        name_->setToolTip(QString());
    }
    clear_->setEnabled(has);
    slider_->setEnabled(has);
    strengthLabel_->setEnabled(has);
    strengthLabel_->setText(QString::number(strength(), 'f', 2));
}

void InitImageRow::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* data = event->mimeData();
    if (data->hasUrls() && data->urls().size() == 1 && data->urls().front().isLocalFile())
        event->acceptProposedAction();
}

void InitImageRow::dropEvent(QDropEvent* event) {
    const QString path = event->mimeData()->urls().front().toLocalFile();
    setPicture(path);
    event->acceptProposedAction();
}

}  // namespace pixart::ui
