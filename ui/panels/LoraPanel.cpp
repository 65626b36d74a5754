#include "panels/LoraPanel.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>

namespace pixart::ui {

namespace {
constexpr int kPathRole = Qt::UserRole;
constexpr int kStrengthRole = Qt::UserRole + 1;
constexpr int kSliderScale = 100;  // hundredths
}  // namespace

LoraPanel::LoraPanel(QWidget* parent) : QWidget(parent) {
    folderLabel_ = new QLabel(this);
    folderLabel_->setWordWrap(true);
    auto* choose = new QPushButton(tr("Folder…"), this);
    choose->setToolTip(tr("The folder that holds your LoRA files (*.safetensors)"));
    auto* rescanButton = new QPushButton(tr("Rescan"), this);
    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Search LoRAs"));
    search_->setClearButtonEnabled(true);
    list_ = new QListWidget(this);
    list_->setToolTip(tr("Tick a LoRA to use it; select it to set its strength"));
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(-2 * kSliderScale, 2 * kSliderScale);
    slider_->setToolTip(tr("Strength (negative pushes away from the LoRA's style)"));
    slider_->setEnabled(false);
    strengthLabel_ = new QLabel(this);
    strengthLabel_->setMinimumWidth(strengthLabel_->fontMetrics().horizontalAdvance("-0.00") + 4);

    auto* top = new QHBoxLayout;
    top->addWidget(folderLabel_, 1);
    top->addWidget(choose);
    top->addWidget(rescanButton);
    auto* strength = new QHBoxLayout;
    strength->addWidget(new QLabel(tr("Strength"), this));
    strength->addWidget(slider_, 1);
    strength->addWidget(strengthLabel_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(search_);
    layout->addWidget(list_, 1);
    layout->addLayout(strength);

    connect(choose, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("LoRA folder"), folder_);
        if (!dir.isEmpty()) setFolder(dir);
    });
    connect(rescanButton, &QPushButton::clicked, this, &LoraPanel::rescan);
    connect(search_, &QLineEdit::textChanged, this, &LoraPanel::filter);
    connect(list_, &QListWidget::currentItemChanged, this, [this] { selectionChanged(); });
    connect(slider_, &QSlider::valueChanged, this, [this](int value) {
        QListWidgetItem* item = list_->currentItem();
        if (item == nullptr) return;
        item->setData(kStrengthRole, static_cast<double>(value) / kSliderScale);
        showItem(item);
    });
    setFolder(QString());
}

void LoraPanel::setFolder(const QString& folder) {
    const bool changed = folder != folder_;
    folder_ = folder;
    folderLabel_->setText(folder.isEmpty() ? tr("No LoRA folder yet") : folder);
    rescan();
    if (changed) Q_EMIT folderChanged(folder_);
}

void LoraPanel::rescan() {
    // Enabled items stay (with their strengths), the folder's files are added.
    for (int i = list_->count() - 1; i >= 0; --i) {
        if (list_->item(i)->checkState() != Qt::Checked) delete list_->takeItem(i);
    }
    if (!folder_.isEmpty()) {
        const QFileInfoList files = QDir(folder_).entryInfoList(
            {QStringLiteral("*.safetensors")}, QDir::Files | QDir::Readable, QDir::Name);
        for (const QFileInfo& file : files) itemFor(file.absoluteFilePath(), true);
    }
    filter(search_->text());
}

QListWidgetItem* LoraPanel::itemFor(const QString& path, bool create) {
    for (int i = 0; i < list_->count(); ++i) {
        if (list_->item(i)->data(kPathRole).toString() == path) return list_->item(i);
    }
    if (!create) return nullptr;
    auto* item = new QListWidgetItem(list_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Unchecked);
    item->setData(kPathRole, path);
    item->setData(kStrengthRole, 1.0);
    item->setToolTip(path);
    showItem(item);
    return item;
}

void LoraPanel::showItem(QListWidgetItem* item) {
    item->setText(tr("%1  (%2)")
                      .arg(QFileInfo(item->data(kPathRole).toString()).completeBaseName())
                      .arg(item->data(kStrengthRole).toDouble(), 0, 'f', 2));
    if (item == list_->currentItem())
        strengthLabel_->setText(QString::number(item->data(kStrengthRole).toDouble(), 'f', 2));
}

void LoraPanel::selectionChanged() {
    QListWidgetItem* item = list_->currentItem();
    slider_->setEnabled(item != nullptr);
    if (item == nullptr) {
        strengthLabel_->clear();
        return;
    }
    const double strength = item->data(kStrengthRole).toDouble();
    slider_->setValue(static_cast<int>(std::lround(strength * kSliderScale)));
    strengthLabel_->setText(QString::number(strength, 'f', 2));
}

void LoraPanel::filter(const QString& text) {
    for (int i = 0; i < list_->count(); ++i) {
        QListWidgetItem* item = list_->item(i);
        item->setHidden(!text.isEmpty() && !item->text().contains(text, Qt::CaseInsensitive));
    }
}

std::vector<pixart::LoraSpec> LoraPanel::loras() const {
    std::vector<pixart::LoraSpec> out;
    for (int i = 0; i < list_->count(); ++i) {
        const QListWidgetItem* item = list_->item(i);
        if (item->checkState() != Qt::Checked) continue;
        pixart::LoraSpec lora;
        lora.path = item->data(kPathRole).toString().toStdString();
        lora.strength = item->data(kStrengthRole).toDouble();
        out.push_back(lora);
    }
    return out;
}

QStringList LoraPanel::setLoras(const std::vector<pixart::LoraSpec>& loras) {
    for (int i = 0; i < list_->count(); ++i) list_->item(i)->setCheckState(Qt::Unchecked);
    QStringList missing;
    for (const auto& lora : loras) {
        const QString path = QString::fromStdString(lora.path);
        if (!QFileInfo(path).isFile()) {
            missing << path;
            continue;
        }
        QListWidgetItem* item = itemFor(QFileInfo(path).absoluteFilePath(), true);
        item->setData(kStrengthRole, lora.strength);
        item->setCheckState(Qt::Checked);
        showItem(item);
    }
    rescan();  // unchecked files of other folders go
    selectionChanged();
    return missing;
}

}  // namespace pixart::ui
