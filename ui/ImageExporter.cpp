#include "ImageExporter.h"

#include <QCoreApplication>
#include <QImage>
#include <QImageWriter>
#include <QSaveFile>
#include <algorithm>
#include <cmath>
#include <exception>

#include "A1111Parameters.h"
#include "PaperSize.h"

#ifdef PIXART_UI_WITH_IMAGING
#include "api/errors.h"
#include "api/image_export.h"
#endif

namespace pixart::ui {
namespace {

#ifdef PIXART_UI_WITH_IMAGING
pixart::ExportOptions toOptions(const ExportRequest& r) {
    pixart::ExportOptions o;
    o.format = r.format == QLatin1String("tiff")   ? pixart::ImageFormat::Tiff
               : r.format == QLatin1String("jpeg") ? pixart::ImageFormat::Jpeg
                                                   : pixart::ImageFormat::Png;
    o.bit_depth = r.bitDepth;
    o.compression = pixart::parse_tiff_compression(r.tiffCompression.toStdString());
    o.ppi = r.ppi;
    if (!r.paper.isEmpty()) o.paper = pixart::parse_paper_size(r.paper.toStdString());
    o.landscape = r.landscape;
    o.bleed = pixart::Length::mm(r.bleedMm);
    o.fit = pixart::parse_fit_mode(r.fit.toStdString());
    o.cmyk_profile_path = r.cmykProfile.toStdString();
    o.embed_icc_profile = r.embedIcc;
    return o;
}
#else
QString tr(const char* text) { return QCoreApplication::translate("ImageExporter", text); }

// Qt fallback: the target pixel size for a paper at ppi (+ bleed), oriented like the request.
QSize paperPixels(const ExportRequest& r) {
    for (const PaperSize& paper : PaperSize::all()) {
        if (paper.name.compare(r.paper, Qt::CaseInsensitive) != 0) continue;
        const double scale = r.ppi / 300.0;
        const int bleed = static_cast<int>(std::lround(r.bleedMm / 25.4 * r.ppi));
        QSize size(static_cast<int>(std::lround(paper.pixels300.width() * scale)) + 2 * bleed,
                   static_cast<int>(std::lround(paper.pixels300.height() * scale)) + 2 * bleed);
        return r.landscape ? size.transposed() : size;
    }
    return {};
}
#endif

}  // namespace

bool ImageExporter::hasPrintSupport() {
#ifdef PIXART_UI_WITH_IMAGING
    return true;
#else
    return false;
#endif
}

QStringList ImageExporter::paperNames() {
    QStringList names;
#ifdef PIXART_UI_WITH_IMAGING
    for (const auto& paper : pixart::paper_presets()) names << QString::fromStdString(paper.name);
#else
    for (const PaperSize& paper : PaperSize::all()) names << paper.name;
#endif
    return names;
}

ImageExporter::Plan ImageExporter::plan(const ExportRequest& r, const QSize& source) {
    Plan plan;
#ifdef PIXART_UI_WITH_IMAGING
    try {
        const pixart::ExportPlan p = pixart::plan_export(source.width(), source.height(),
                                                         toOptions(r), r.targetPath.toStdString());
        plan.size = QSize(p.width, p.height);
        plan.effectivePpi = p.effective_ppi;
        plan.printWidthMm = p.print_width_mm;
        plan.printHeightMm = p.print_height_mm;
        for (const auto& note : p.notes) plan.notes << QString::fromStdString(note);
    } catch (const std::exception& e) {
        plan.error = QString::fromUtf8(e.what());
    }
#else
    if (r.bitDepth != 8 && r.format != QLatin1String("png"))
        plan.error = tr("16-bit TIFF needs the imaging module (build with PIXART_WITH_IMAGING).");
    if (!r.cmykProfile.isEmpty())
        plan.error = tr("CMYK needs the imaging module (build with PIXART_WITH_IMAGING).");
    const QSize target = r.paper.isEmpty() ? source : paperPixels(r);
    QSize out = target;
    if (r.fit == QLatin1String("fit") && !r.paper.isEmpty())
        out = source.scaled(target, Qt::KeepAspectRatio);
    plan.size = out;
    const double scale = source.width() > 0 ? [&] {
        const double sx = double(target.width()) / source.width();
        const double sy = double(target.height()) / source.height();
        return r.fit == QLatin1String("fill") ? std::max(sx, sy) : std::min(sx, sy);
    }() : 1.0;
    plan.effectivePpi = r.ppi / (r.paper.isEmpty() ? 1.0 : scale);
    plan.printWidthMm = out.width() / r.ppi * 25.4;
    plan.printHeightMm = out.height() / r.ppi * 25.4;
    if (!r.paper.isEmpty() && scale > 1.0)
        plan.notes
            << tr("upscaled %1× (smooth, not Lanczos: no imaging module)").arg(scale, 0, 'f', 2);
#endif
    return plan;
}

QString ImageExporter::run(const ExportRequest& r, const std::function<void(double)>& progress,
                           const std::atomic<bool>* cancel) {
#ifdef PIXART_UI_WITH_IMAGING
    try {
        const pixart::Image image = pixart::read_image(r.sourcePath.toStdString());
        pixart::GenerationRequest request = r.settings.toRequest(r.settings.seed);
        pixart::GenerationMetadata metadata =
            pixart::metadata_for(request, 0, 0, r.modelName.toStdString());
        metadata.width = image.width;
        metadata.height = image.height;
        pixart::export_image(
            image, metadata, r.targetPath.toStdString(), toOptions(r),
            [&progress](pixart::ExportStage, double fraction) {
                if (progress) progress(fraction);
            },
            cancel);
        return {};
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
#else
    const Plan p = plan(r, QImage(r.sourcePath).size());
    if (!p.error.isEmpty()) return p.error;
    QImage image(r.sourcePath);
    if (image.isNull()) return tr("%1: cannot read the image").arg(r.sourcePath);
    if (progress) progress(0.1);
    if (!r.paper.isEmpty()) {
        const QSize target = paperPixels(r);
        if (r.fit == QLatin1String("fill")) {
            image = image.scaled(target, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
            image =
                image.copy((image.width() - target.width()) / 2,
                           (image.height() - target.height()) / 2, target.width(), target.height());
        } else {
            image = image.scaled(target, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            if (r.fit == QLatin1String("pad")) {
                QImage canvas(target, image.format());
                canvas.fill(Qt::white);
                for (int y = 0; y < image.height(); ++y)
                    std::copy_n(image.constScanLine(y), image.bytesPerLine(),
                                canvas.scanLine(y + (target.height() - image.height()) / 2) +
                                    (target.width() - image.width()) / 2 * (image.depth() / 8));
                image = canvas;
            }
        }
    }
    if (cancel && cancel->load()) return tr("Cancelled.");
    if (r.bitDepth == 8) image = image.convertToFormat(QImage::Format_RGB888);
    const int dotsPerMeter = static_cast<int>(std::lround(r.ppi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.setText(QStringLiteral("parameters"),
                  A1111Parameters::format(r.settings, image.size(), r.modelName));
    if (progress) progress(0.6);
    QSaveFile file(r.targetPath);  // atomic: no half-written export under the final name
    const QByteArray format = r.format.toLatin1();
    QImageWriter writer(&file, format);
    if (r.format == QLatin1String("tiff"))
        writer.setCompression(r.tiffCompression == QLatin1String("none") ? 0 : 1);
    if (r.format == QLatin1String("jpeg")) writer.setQuality(92);
    if (!file.open(QIODevice::WriteOnly) || !writer.write(image) || !file.commit())
        return tr("%1: %2").arg(r.targetPath, writer.errorString());
    if (progress) progress(1.0);
    return {};
#endif
}

}  // namespace pixart::ui
