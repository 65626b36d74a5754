#include "LibraryImageWriter.h"

#include "ImageConversion.h"
#include "api/errors.h"
#include "api/image_export.h"

namespace pixart::ui {

void LibraryImageWriter::writePng(const QString& path, const GenerationOutcome& outcome,
                                  const pixart::GenerationMetadata& metadata) {
    // The float image when the engine gave one; a display-only outcome (tests, imports) has
    // just its 8-bit picture.
    pixart::Image converted;
    if (!outcome.full && !outcome.image.isNull()) converted = fromQImage(outcome.image);
    const pixart::Image& image = outcome.full ? *outcome.full : converted;
    if (image.empty())
        throw pixart::Error(pixart::ErrorKind::InvalidArgument, "no image to store");

    pixart::ExportOptions options;
    options.format = pixart::ImageFormat::Png;
    options.bit_depth = 16;
    options.ppi = kScreenPpi;
    options.embed_icc_profile = true;
    options.embed_metadata = true;
    pixart::export_image(image, metadata, path.toStdString(), options);
}

}  // namespace pixart::ui
