#include "SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>

#include "api/runtime.h"

namespace pixart::ui {

SettingsDialog::SettingsDialog(const StudioSettings& settings, QWidget* parent)
    : QDialog(parent), base_(settings) {
    setWindowTitle(tr("Settings"));
    outputFolder_ = new QLineEdit(settings.outputFolder, this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(outputFolder_, 1);
    folderRow->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Output folder"), outputFolder_->text());
        if (!dir.isEmpty()) outputFolder_->setText(dir);
    });

    device_ = new QComboBox(this);
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    if (pixart::runtime_info().cuda_available)
        device_->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    const int deviceIndex = device_->findData(settings.device);
    device_->setCurrentIndex(deviceIndex >= 0 ? deviceIndex : 0);

    threads_ = new QSpinBox(this);
    threads_->setRange(0, std::max(1, QThread::idealThreadCount()) * 2);
    threads_->setSpecialValueText(tr("All cores (%1)").arg(QThread::idealThreadCount()));
    threads_->setValue(settings.threads);

    releaseTextEncoder_ =
        new QCheckBox(tr("Free the text encoder after encoding the prompt"), this);
    releaseTextEncoder_->setToolTip(
        tr("Keeps only one big model in memory while denoising (T5-XXL takes ~10 GB); the next "
           "generation loads it again."));
    releaseTextEncoder_->setChecked(settings.releaseTextEncoder);

    previewInterval_ = new QSpinBox(this);
    previewInterval_->setRange(0, 50);
    previewInterval_->setSpecialValueText(tr("No preview"));
    previewInterval_->setPrefix(tr("every "));
    previewInterval_->setSuffix(tr(" step(s)"));
    previewInterval_->setValue(settings.previewInterval);

    theme_ = new QComboBox(this);
    theme_->addItem(tr("Follow the system"), static_cast<int>(Theme::System));
    theme_->addItem(tr("Light"), static_cast<int>(Theme::Light));
    theme_->addItem(tr("Dark"), static_cast<int>(Theme::Dark));
    theme_->setCurrentIndex(theme_->findData(static_cast<int>(settings.theme)));

    auto* form = new QFormLayout;
    form->addRow(tr("Output folder"), folderRow);
    form->addRow(tr("Device"), device_);
    form->addRow(tr("Threads"), threads_);
    form->addRow(tr("Memory"), releaseTextEncoder_);
    form->addRow(tr("Live preview"), previewInterval_);
    form->addRow(tr("Theme"), theme_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

StudioSettings SettingsDialog::settings() const {
    StudioSettings s = base_;
    s.outputFolder = outputFolder_->text().trimmed();
    if (s.outputFolder.isEmpty()) s.outputFolder = StudioSettings::defaultOutputFolder();
    s.device = device_->currentData().toString();
    s.threads = threads_->value();
    s.releaseTextEncoder = releaseTextEncoder_->isChecked();
    s.previewInterval = previewInterval_->value();
    s.theme = static_cast<Theme>(theme_->currentData().toInt());
    return s;
}

}  // namespace pixart::ui
