#include "dialogs/SettingsDialog.h"

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

    textEncoderMode_ = new QComboBox(this);
    textEncoderMode_->addItem(tr("Automatic (from the free memory)"), QStringLiteral("auto"));
    textEncoderMode_->addItem(tr("Stream from disk (~1 GB)"), QStringLiteral("streamed"));
    textEncoderMode_->addItem(tr("Keep in memory (~19 GB)"), QStringLiteral("resident"));
    textEncoderMode_->setToolTip(
        tr("The T5-XXL text encoder is 19 GB of float32. Streamed, it is read from its files "
           "block by block and needs about 1 GB; in memory it is a little faster for new "
           "prompts on machines with room to spare. The results are the same to the bit. "
           "Repeated prompts never run it: their embeddings are kept on disk."));
    const int modeIndex = textEncoderMode_->findData(settings.textEncoderMode);
    textEncoderMode_->setCurrentIndex(modeIndex >= 0 ? modeIndex : 0);

    releaseTextEncoder_ =
        new QCheckBox(tr("Free a text encoder kept in memory after each prompt"), this);
    releaseTextEncoder_->setToolTip(
        tr("Only when the text encoder is kept in memory (19 GB): free it after encoding so "
           "only one big model is resident while denoising; the next new prompt loads it "
           "again."));
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
    printModel_ = new QLineEdit(settings.printModelPath, this);
    printModel_->setPlaceholderText(tr("the loaded model"));
    printModel_->setToolTip(
        tr("The checkpoint \"Refine for print\" uses, e.g. PixArt-Sigma-XL-2-2K-MS (trained at "
           "2048 px); empty = the loaded model"));
    auto* printBrowse = new QPushButton(tr("Browse…"), this);
    auto* printRow = new QHBoxLayout;
    printRow->addWidget(printModel_, 1);
    printRow->addWidget(printBrowse);
    connect(printBrowse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Model for Refine for print"), printModel_->text());
        if (!dir.isEmpty()) printModel_->setText(dir);
    });
    form->addRow(tr("Print model"), printRow);
    form->addRow(tr("Device"), device_);
    form->addRow(tr("Threads"), threads_);
    form->addRow(tr("Text encoder"), textEncoderMode_);
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
    s.printModelPath = printModel_->text().trimmed();
    s.device = device_->currentData().toString();
    s.threads = threads_->value();
    s.releaseTextEncoder = releaseTextEncoder_->isChecked();
    s.textEncoderMode = textEncoderMode_->currentData().toString();
    s.previewInterval = previewInterval_->value();
    s.theme = static_cast<Theme>(theme_->currentData().toInt());
    return s;
}

}  // namespace pixart::ui
