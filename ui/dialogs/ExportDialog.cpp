#include "dialogs/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

#include "dialogs/ImageExporter.h"
#include "image_library/ThumbnailCache.h"
#include "support/PoolTask.h"
#include "widgets/ExportPreview.h"

namespace pixart::ui {

ExportDialog::ExportDialog(const QString& sourcePath, const QSize& sourceSize,
                           const pixart::GenerationMetadata& metadata, QWidget* parent)
    : QDialog(parent),
      sourcePath_(sourcePath),
      sourceSize_(sourceSize),
      metadata_(metadata),
      cancel_(std::make_shared<std::atomic<bool>>(false)) {
    setWindowTitle(tr("Export for print"));

    format_ = new QComboBox(this);
    format_->addItem(QStringLiteral("PNG"), QStringLiteral("png"));
    format_->addItem(QStringLiteral("TIFF"), QStringLiteral("tiff"));
    format_->addItem(QStringLiteral("JPEG"), QStringLiteral("jpeg"));
    depth_ = new QComboBox(this);
    depth_->addItem(tr("16 bit"), 16);
    depth_->addItem(tr("8 bit"), 8);
    compression_ = new QComboBox(this);
    compression_->addItem(tr("LZW"), QStringLiteral("lzw"));
    compression_->addItem(tr("Deflate"), QStringLiteral("deflate"));
    compression_->addItem(tr("None"), QStringLiteral("none"));
    ppi_ = new QDoubleSpinBox(this);
    ppi_->setRange(72, 2400);
    ppi_->setDecimals(0);
    ppi_->setValue(300);
    ppi_->setSuffix(tr(" ppi"));
    paper_ = new QComboBox(this);
    paper_->addItem(tr("Keep the pixel size"), QString());
    for (const QString& name : ImageExporter::paperNames()) paper_->addItem(name, name);
    paper_->addItem(tr("Custom…"), QStringLiteral("custom"));
    // A custom paper in millimetres (the core reads "WxHmm", as pixart-cli --paper does).
    customWidth_ = new QDoubleSpinBox(this);
    customHeight_ = new QDoubleSpinBox(this);
    for (QDoubleSpinBox* box : {customWidth_, customHeight_}) {
        box->setRange(10, 5000);
        box->setDecimals(1);
        box->setSuffix(tr(" mm"));
    }
    customWidth_->setValue(210);
    customHeight_->setValue(297);
    customPaper_ = new QWidget(this);
    auto* customRow = new QHBoxLayout(customPaper_);
    customRow->setContentsMargins(0, 0, 0, 0);
    customRow->addWidget(customWidth_, 1);
    customRow->addWidget(new QLabel(QStringLiteral("×"), customPaper_));
    customRow->addWidget(customHeight_, 1);
    customPaper_->setVisible(false);
    landscape_ = new QCheckBox(tr("Landscape"), this);
    landscape_->setChecked(sourceSize.width() > sourceSize.height());
    bleed_ = new QDoubleSpinBox(this);
    bleed_->setRange(0, 20);
    bleed_->setSingleStep(0.5);
    bleed_->setSuffix(tr(" mm per side"));
    bleed_->setToolTip(tr("3 mm is usual in Europe, 0.125 in (3.175 mm) in the US"));
    fit_ = new QComboBox(this);
    fit_->addItem(tr("Fill the paper (crop the overflow)"), QStringLiteral("fill"));
    fit_->addItem(tr("Fit inside (no crop)"), QStringLiteral("fit"));
    fit_->addItem(tr("Fit on a white page"), QStringLiteral("pad"));
    cmykProfile_ = new QLineEdit(this);
    cmykProfile_->setPlaceholderText(tr("RGB (sRGB); or the printer's CMYK ICC profile"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* cmykRow = new QHBoxLayout;
    cmykRow->addWidget(cmykProfile_, 1);
    cmykRow->addWidget(browse);
    embedIcc_ = new QCheckBox(tr("Embed the colour profile"), this);
    embedIcc_->setChecked(true);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setObjectName(QStringLiteral("exportSummary"));
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("Format"), format_);
    form->addRow(tr("Depth"), depth_);
    form->addRow(tr("TIFF compression"), compression_);
    form->addRow(tr("Resolution"), ppi_);
    form->addRow(tr("Paper"), paper_);
    form->addRow(QString(), customPaper_);
    form->addRow(QString(), landscape_);
    form->addRow(tr("Bleed"), bleed_);
    form->addRow(tr("Fit"), fit_);
    form->addRow(tr("CMYK profile"), cmykRow);
    form->addRow(QString(), embedIcc_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    exportButton_ = buttons->addButton(tr("Export…"), QDialogButtonBox::AcceptRole);
    // The form beside a live page: rows keep their height, the preview takes the rest.
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    preview_ = new ExportPreview(this);
    preview_->setMinimumSize(260, 260);
    auto* top = new QHBoxLayout;
    top->addLayout(form, 0);
    top->addWidget(preview_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(summary_);
    layout->addWidget(progress_);
    layout->addWidget(buttons);

    connect(exportButton_, &QPushButton::clicked, this, &ExportDialog::chooseTargetAndExport);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CMYK output profile"), {},
                                                          tr("ICC profiles (*.icc *.icm)"));
        if (!file.isEmpty()) cmykProfile_->setText(file);
    });
    // The picture for the preview, decoded off the GUI thread (a 4K PNG takes a moment).
    runInPool(
        this, [path = sourcePath_] { return ThumbnailCache::load(path, 512); },
        [this](const QImage& thumbnail, const QString&) {
            preview_->setSource(thumbnail, sourceSize_);
        });
    for (QComboBox* box : {format_, depth_, compression_, paper_, fit_})
        connect(box, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    for (QDoubleSpinBox* box : {ppi_, bleed_, customWidth_, customHeight_})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ExportDialog::refresh);
    connect(landscape_, &QCheckBox::toggled, this, &ExportDialog::refresh);
    connect(embedIcc_, &QCheckBox::toggled, this, &ExportDialog::refresh);
    connect(cmykProfile_, &QLineEdit::textChanged, this, &ExportDialog::refresh);
    refresh();
}

ExportDialog::~ExportDialog() { cancel_->store(true); }

ExportRequest ExportDialog::request() const {
    ExportRequest r;
    r.sourcePath = sourcePath_;
    r.format = format_->currentData().toString();
    r.bitDepth = r.format == QLatin1String("jpeg") ? 8 : depth_->currentData().toInt();
    r.tiffCompression = compression_->currentData().toString();
    r.ppi = ppi_->value();
    r.paper = paper_->currentData().toString();
    if (r.paper == QLatin1String("custom"))
        r.paper = QStringLiteral("%1x%2mm")
                      .arg(customWidth_->value(), 0, 'f', 1)
                      .arg(customHeight_->value(), 0, 'f', 1);
    r.landscape = landscape_->isChecked();
    r.bleedMm = bleed_->value();
    r.fit = fit_->currentData().toString();
    r.cmykProfile = r.format == QLatin1String("tiff") ? cmykProfile_->text().trimmed() : QString();
    r.embedIcc = embedIcc_->isChecked();
    r.metadata = metadata_;
    return r;
}

QString ExportDialog::summary() const { return summary_->text(); }

void ExportDialog::refresh() {
    const ExportRequest r = request();
    const bool tiff = r.format == QLatin1String("tiff");
    const bool jpeg = r.format == QLatin1String("jpeg");
    const bool paper = !r.paper.isEmpty();
    customPaper_->setVisible(paper_->currentData().toString() == QLatin1String("custom"));
    compression_->setEnabled(tiff);
    depth_->setEnabled(!jpeg);
    landscape_->setEnabled(paper);
    bleed_->setEnabled(paper);
    fit_->setEnabled(paper);
    cmykProfile_->setEnabled(tiff);

    const ImageExporter::Plan plan = ImageExporter::plan(r, sourceSize_);
    ExportPreview::Page page;
    if (plan.error.isEmpty()) {
        page.size = plan.size;
        page.crop = plan.crop;
        page.scaledSize = plan.scaledSize;
        page.bleedPixels = plan.bleedPixels;
        page.effectivePpi = paper ? plan.effectivePpi : 0.0;
    }
    preview_->setPage(page);
    if (!plan.error.isEmpty()) {
        summary_->setText(plan.error);
        summary_->setStyleSheet(QStringLiteral("color: #d04040;"));
        exportButton_->setEnabled(false);
        return;
    }
    summary_->setStyleSheet(QString());
    exportButton_->setEnabled(!running_);
    QString text = tr("%1 × %2 px, %3 × %4 mm at %5 ppi.")
                       .arg(plan.size.width())
                       .arg(plan.size.height())
                       .arg(std::lround(plan.printWidthMm))
                       .arg(std::lround(plan.printHeightMm))
                       .arg(std::lround(r.ppi));
    if (paper) {
        text += QLatin1Char(' ') +
                tr("The generated pixels print at %1 ppi.").arg(std::lround(plan.effectivePpi));
        if (plan.effectivePpi < 300.0 - 0.5)
            text += QLatin1Char(' ') + tr("(below 300 ppi: the image is upscaled to fill it)");
    }
    if (!plan.notes.isEmpty()) text += QLatin1Char('\n') + plan.notes.join(QStringLiteral("; "));
    summary_->setText(text);
}

void ExportDialog::chooseTargetAndExport() {
    const ExportRequest r = request();
    const QString suffix = r.format == QLatin1String("tiff")   ? QStringLiteral("tif")
                           : r.format == QLatin1String("jpeg") ? QStringLiteral("jpg")
                                                               : QStringLiteral("png");
    const QString suggested = QFileInfo(sourcePath_).completeBaseName() +
                              (r.paper.isEmpty() ? QString() : QLatin1Char('-') + r.paper) +
                              QLatin1Char('.') + suffix;
    const QString target =
        QFileDialog::getSaveFileName(this, tr("Export image"), QDir::home().filePath(suggested),
                                     tr("Images (*.png *.tif *.tiff *.jpg *.jpeg)"));
    if (!target.isEmpty()) exportTo(target);
}

void ExportDialog::exportTo(const QString& targetPath) {
    ExportRequest r = request();
    r.targetPath = targetPath;
    running_ = true;
    exportButton_->setEnabled(false);
    progress_->setValue(0);
    progress_->show();
    cancel_->store(false);
    auto cancel = cancel_;
    QPointer<QProgressBar> bar = progress_;
    auto* watcher = new QFutureWatcher<ImageExporter::Result>(this);
    connect(watcher, &QFutureWatcher<ImageExporter::Result>::finished, this,
            [this, watcher, targetPath] {
                const ImageExporter::Result result = watcher->result();
                watcher->deleteLater();
                running_ = false;
                progress_->hide();
                refresh();
                if (result.error.isEmpty()) {
                    Q_EMIT exported(targetPath, result.warnings);
                    accept();
                } else {
                    Q_EMIT failed(result.error);
                }
            });
    watcher->setFuture(QtConcurrent::run([r, cancel, bar]() -> ImageExporter::Result {
        return ImageExporter::run(
            r,
            [bar](double fraction) {
                QMetaObject::invokeMethod(
                    bar,
                    [bar, fraction] {
                        if (bar) bar->setValue(int(fraction * 1000));
                    },
                    Qt::QueuedConnection);
            },
            cancel.get());
    }));
}

void ExportDialog::reject() {
    cancel_->store(true);  // a running export stops at its next stage and leaves no file
    QDialog::reject();
}

}  // namespace pixart::ui
