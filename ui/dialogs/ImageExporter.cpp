#include "dialogs/ImageExporter.h"

#include <exception>

#include "api/image_export.h"

namespace pixart::ui {
namespace {

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

}  // namespace

QStringList ImageExporter::paperNames() {
    QStringList names;
    for (const auto& paper : pixart::paper_presets()) names << QString::fromStdString(paper.name);
    return names;
}

ImageExporter::Plan ImageExporter::plan(const ExportRequest& r, const QSize& source) {
    Plan plan;
    try {
        const pixart::ExportPlan p = pixart::plan_export(source.width(), source.height(),
                                                         toOptions(r), r.targetPath.toStdString());
        plan.size = QSize(p.width, p.height);
        plan.effectivePpi = p.effective_ppi;
        plan.printWidthMm = p.print_width_mm;
        plan.printHeightMm = p.print_height_mm;
        plan.crop = QRect(p.crop_x, p.crop_y, p.crop_width, p.crop_height);
        plan.scaledSize = QSize(p.scaled_width, p.scaled_height);
        plan.bleedPixels = p.bleed_pixels;
        for (const auto& note : p.notes) plan.notes << QString::fromStdString(note);
    } catch (const std::exception& e) {
        plan.error = QString::fromUtf8(e.what());
    }
    return plan;
}

ImageExporter::Result ImageExporter::run(const ExportRequest& r,
                                         const std::function<void(double)>& progress,
                                         const std::atomic<bool>* cancel) {
    Result result;
    try {
        const pixart::Image image = pixart::read_image(r.sourcePath.toStdString());
        pixart::GenerationMetadata metadata = r.metadata;
        metadata.width = image.width;
        metadata.height = image.height;
        const pixart::ExportResult written = pixart::export_image(
            image, metadata, r.targetPath.toStdString(), toOptions(r),
            [&progress](pixart::ExportStage, double fraction) {
                if (progress) progress(fraction);
            },
            cancel);
        for (const std::string& warning : written.warnings)
            result.warnings << QString::fromStdString(warning);
    } catch (const std::exception& e) {
        result.error = QString::fromUtf8(e.what());
    }
    return result;
}

}  // namespace pixart::ui
