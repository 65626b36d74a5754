#include "widgets/SizeSelector.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>

namespace pixart::ui {
namespace {
constexpr int kCustomData = -1;
constexpr int kAllSizesData = -2;
}  // namespace

SizeSelector::SizeSelector(QWidget* parent) : QWidget(parent) {
    presetBox_ = new QComboBox(this);
    presetBox_->setToolTip(
        tr("Common ratios at the nearest size this checkpoint was trained at (other sizes are "
           "generated at the nearest trained one); every trained size under \"All trained "
           "sizes…\""));
    swapButton_ = new QToolButton(this);
    swapButton_->setText(QStringLiteral("⇄"));
    swapButton_->setToolTip(tr("Swap orientation (portrait ↔ landscape)"));
    widthBox_ = new QSpinBox(this);
    heightBox_ = new QSpinBox(this);
    for (QSpinBox* box : {widthBox_, heightBox_}) {
        box->setRange(64, 8192);
        box->setSingleStep(8);
        box->setSuffix(QStringLiteral(" px"));
        box->setValue(1024);
    }
    widthBox_->setToolTip(tr("Width"));
    heightBox_->setToolTip(tr("Height"));
    noteLabel_ = new QLabel(this);
    noteLabel_->setWordWrap(true);
    noteLabel_->setObjectName(QStringLiteral("sizeNote"));

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->addWidget(presetBox_, 1);
    top->addWidget(swapButton_);
    layout->addLayout(top, 0, 0, 1, 3);
    layout->addWidget(widthBox_, 1, 0);
    layout->addWidget(new QLabel(QStringLiteral("×"), this), 1, 1);
    layout->addWidget(heightBox_, 1, 2);
    layout->addWidget(noteLabel_, 2, 0, 1, 3);

    connect(presetBox_, &QComboBox::activated, this, &SizeSelector::presetActivated);
    connect(swapButton_, &QToolButton::clicked, this, &SizeSelector::swapOrientation);
    for (QSpinBox* box : {widthBox_, heightBox_})
        connect(box, &QSpinBox::valueChanged, this, &SizeSelector::customEdited);
    setPresets({});
}

void SizeSelector::setPresets(const AspectRatioPresets& presets) {
    const QSize previous = size();
    presets_ = presets;
    if (presets_.indexOf(previous) >= 0 || presets_.isEmpty()) {
        setSize(previous.isValid() ? previous : QSize(1024, 1024));
    } else {
        const int native = presets_.nativeIndex();
        setSize(presets_.presets()[native >= 0 ? native : 0].size);
    }
}

QSize SizeSelector::size() const { return QSize(widthBox_->value(), heightBox_->value()); }

bool SizeSelector::isCustom() const { return presetBox_->currentData().toInt() == kCustomData; }

void SizeSelector::setSize(const QSize& size) {
    updating_ = true;
    const int index = presets_.indexOf(size);
    rebuildEntries(size.height() > size.width(), index);
    widthBox_->setValue(size.width());
    heightBox_->setValue(size.height());
    updating_ = false;
    const bool custom = isCustom();
    widthBox_->setEnabled(custom);
    heightBox_->setEnabled(custom);
    refreshNote();
    Q_EMIT sizeChanged(this->size());
}

QSize SizeSelector::generatedSize() const {
    if (!isCustom()) return size();
    const QSize bin = presets_.binFor(size());
    return bin.isValid() ? bin : size();
}

QString SizeSelector::note() const { return noteLabel_->text(); }

void SizeSelector::swapOrientation() {
    if (isCustom()) {
        setSize(size().transposed());
        return;
    }
    const int swapped = presets_.swappedIndex(presets_.indexOf(size()));
    if (swapped >= 0) setSize(presets_.presets()[swapped].size);
}

void SizeSelector::rebuildEntries(bool portrait, int presetIndex) {
    const QSignalBlocker blocker(presetBox_);
    presetBox_->clear();
    bool listed = false;
    for (const auto& n : presets_.named(portrait)) {
        presetBox_->addItem(n.label, n.index);
        listed = listed || n.index == presetIndex;
    }
    // A trained size that is none of the named ratios (chosen from All, or restored by use
    // again) is shown as itself.
    if (presetIndex >= 0 && !listed)
        presetBox_->addItem(presets_.presets()[presetIndex].label, presetIndex);
    if (!presets_.isEmpty()) presetBox_->addItem(tr("All trained sizes…"), kAllSizesData);
    presetBox_->addItem(tr("Custom…"), kCustomData);
    const int selected = presetIndex >= 0 ? presetBox_->findData(presetIndex) : -1;
    presetBox_->setCurrentIndex(selected >= 0 ? selected : presetBox_->count() - 1);
}

void SizeSelector::showAllSizes() {
    if (!allSizesMenu_) allSizesMenu_ = new QMenu(this);
    allSizesMenu_->clear();
    for (int i = 0; i < presets_.presets().size(); ++i) {
        const QSize size = presets_.presets()[i].size;
        QAction* action = allSizesMenu_->addAction(presets_.presets()[i].label);
        action->setCheckable(true);
        action->setChecked(size == this->size() && !isCustom());
        connect(action, &QAction::triggered, this, [this, size] { setSize(size); });
    }
    allSizesMenu_->popup(presetBox_->mapToGlobal(QPoint(0, presetBox_->height())));
}

void SizeSelector::presetActivated(int index) {
    if (presetBox_->itemData(index).toInt() == kAllSizesData) {
        // Not a size: the selection stays what it was, and the menu offers every bin.
        const bool wasCustom = widthBox_->isEnabled();  // the boxes are editable for Custom
        rebuildEntries(size().height() > size().width(), wasCustom ? -1 : presets_.indexOf(size()));
        showAllSizes();
        return;
    }
    if (presetBox_->itemData(index).toInt() == kCustomData) {
        widthBox_->setEnabled(true);
        heightBox_->setEnabled(true);
        refreshNote();
        return;
    }
    setSize(presets_.presets()[presetBox_->itemData(index).toInt()].size);
}

void SizeSelector::customEdited() {
    if (updating_) return;
    refreshNote();
    Q_EMIT sizeChanged(size());
}

void SizeSelector::refreshNote() {
    if (presets_.isEmpty()) {
        noteLabel_->setText(tr("Load a model to see the sizes it was trained at."));
        return;
    }
    if (!isCustom()) {
        noteLabel_->setText(
            tr("Trained size of this checkpoint (%1 px table).").arg(presets_.sampleSize() * 8));
        return;
    }
    const QSize bin = generatedSize();
    if (bin == size()) {
        noteLabel_->setText(
            tr("Generates at %1 × %2 (a trained size).").arg(bin.width()).arg(bin.height()));
    } else {
        noteLabel_->setText(tr("Generates at the nearest trained size %1 × %2, then resized and "
                               "cropped to %3 × %4.")
                                .arg(bin.width())
                                .arg(bin.height())
                                .arg(size().width())
                                .arg(size().height()));
    }
}

}  // namespace pixart::ui
