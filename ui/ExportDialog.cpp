#include "ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QImage>
#include <QImageWriter>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

#include "PaperSize.h"

namespace pixart::ui {

ExportDialog::ExportDialog(const QString& sourcePath, const QSize& imageSize, QWidget* parent)
    : QDialog(parent), sourcePath_(sourcePath), imageSize_(imageSize) {
    setWindowTitle(tr("Export for print"));
    format_ = new QComboBox(this);
    format_->addItem(QStringLiteral("PNG"), QStringLiteral("png"));
    format_->addItem(QStringLiteral("TIFF"), QStringLiteral("tiff"));
    depth_ = new QComboBox(this);
    depth_->addItem(tr("8 bit"), 8);
    depth_->addItem(tr("16 bit (needs the imaging module)"), 16);
    if (auto* model = qobject_cast<QStandardItemModel*>(depth_->model()))
        if (QStandardItem* item = model->item(1)) item->setEnabled(false);  // until core export
    dpi_ = new QSpinBox(this);
    dpi_->setRange(72, 1200);
    dpi_->setValue(300);
    dpi_->setSuffix(tr(" ppi"));
    paper_ = new QComboBox(this);
    paper_->addItem(tr("Keep pixel size"), -1);
    for (int i = 0; i < PaperSize::all().size(); ++i) paper_->addItem(PaperSize::all()[i].name, i);
    resize_ = new QCheckBox(tr("Resize to fill the paper at this resolution"), this);
    icc_ =
        new QCheckBox(tr("Embed sRGB profile / convert to CMYK (needs the imaging module)"), this);
    icc_->setEnabled(false);
    info_ = new QLabel(this);
    info_->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Format"), format_);
    form->addRow(tr("Depth"), depth_);
    form->addRow(tr("Resolution"), dpi_);
    form->addRow(tr("Paper"), paper_);
    form->addRow(QString(), resize_);
    form->addRow(QString(), icc_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* exportButton = buttons->addButton(tr("Export…"), QDialogButtonBox::AcceptRole);
    connect(exportButton, &QPushButton::clicked, this, &ExportDialog::chooseTargetAndExport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(info_);
    layout->addWidget(buttons);

    for (QComboBox* box : {format_, depth_, paper_})
        connect(box, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(dpi_, &QSpinBox::valueChanged, this, &ExportDialog::refresh);
    connect(resize_, &QCheckBox::toggled, this, &ExportDialog::refresh);
    refresh();
}

ExportDialog::Options ExportDialog::options() const {
    Options o;
    o.format = format_->currentData().toString();
    o.bitDepth = depth_->currentData().toInt();
    o.dpi = dpi_->value();
    o.paperIndex = paper_->currentData().toInt();
    o.resizeToPaper = resize_->isChecked() && o.paperIndex >= 0;
    return o;
}

QSize ExportDialog::outputSize() const {
    const Options o = options();
    if (!o.resizeToPaper) return imageSize_;
    const PaperSize& paper = PaperSize::all()[o.paperIndex];
    const double scale =
        paper.effectivePpi(imageSize_) > 0 ? o.dpi / paper.effectivePpi(imageSize_) : 1.0;
    return QSize(static_cast<int>(std::lround(imageSize_.width() * scale)),
                 static_cast<int>(std::lround(imageSize_.height() * scale)));
}

void ExportDialog::refresh() {
    const Options o = options();
    resize_->setEnabled(o.paperIndex >= 0);
    QString text = tr("%1 × %2 px").arg(outputSize().width()).arg(outputSize().height());
    if (o.paperIndex >= 0) {
        const PaperSize& paper = PaperSize::all()[o.paperIndex];
        const double ppi = paper.effectivePpi(outputSize());
        text += tr(" — %1 ppi on %2").arg(std::lround(ppi)).arg(paper.name);
        if (ppi < 300.0 - 0.5) text += tr(" (below 300 ppi: turn on the resize for print)");
    }
    const double mm = imageSize_.width() / static_cast<double>(o.dpi) * 25.4;
    text += tr("\nAt %1 ppi the image is %2 mm wide.").arg(o.dpi).arg(std::lround(mm));
    info_->setText(text);
}

void ExportDialog::chooseTargetAndExport() {
    const Options o = options();
    const QString suffix = o.format == QLatin1String("tiff") ? QStringLiteral("tif") : o.format;
    const QString suggested = QFileInfo(sourcePath_).completeBaseName() + QLatin1Char('.') + suffix;
    const QString target = QFileDialog::getSaveFileName(
        this, tr("Export image"), QFileInfo(sourcePath_).dir().filePath(suggested),
        o.format == QLatin1String("tiff") ? tr("TIFF (*.tif *.tiff)") : tr("PNG (*.png)"));
    if (target.isEmpty()) return;
    exportTo(target);
}

void ExportDialog::exportTo(const QString& targetPath) {
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, targetPath] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (error.isEmpty()) {
            Q_EMIT exported(targetPath);
            accept();
        } else {
            Q_EMIT failed(error);
        }
    });
    watcher->setFuture(QtConcurrent::run(&ExportDialog::writeExport, sourcePath_, targetPath,
                                         options(), outputSize()));
}

QString ExportDialog::writeExport(const QString& sourcePath, const QString& targetPath,
                                  const Options& options, const QSize& outputSize) {
    QImage image(sourcePath);
    if (image.isNull()) return tr("%1: cannot read the image").arg(sourcePath);
    const QString parameters = image.text(QStringLiteral("parameters"));
    if (outputSize.isValid() && outputSize != image.size())
        image = image.scaled(outputSize, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const int dotsPerMeter = static_cast<int>(std::lround(options.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    if (!parameters.isEmpty()) image.setText(QStringLiteral("parameters"), parameters);
    QImageWriter writer(targetPath, options.format == QLatin1String("tiff") ? "tiff" : "png");
    if (options.format == QLatin1String("tiff")) writer.setCompression(1);  // LZW
    if (!writer.write(image)) return tr("%1: %2").arg(targetPath, writer.errorString());
    return {};
}

}  // namespace pixart::ui
