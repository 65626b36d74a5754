#include "image_library/LibraryImageWriter.h"

#include "api/errors.h"
#include "api/image_export.h"
#include "support/ImageConversion.h"

namespace pixart::ui {

void LibraryImageWriter::writePng(const QString& path, const GenerationOutcome& outcome,
                                  const pixart::GenerationMetadata& metadata) {
    // The float image when the engine gave one; a display-only outcome (tests, imports) has
    // just its 8-bit picture.
    pixart::Image converted;
    if (!outcome.full && !outcome.image.isNull()) converted = fromQImage(outcome.image);
    const pixart::Image& image = outcome.full ? *outcome.full : converted;
    if (image.empty()) throw pixart::Error(pixart::ErrorKind::InvalidArgument, "no image to store");

    pixart::export_image(image, metadata, path.toStdString(), pixart::library_image_options());
}

}  // namespace pixart::ui
