// Writes a finished image for the library through the core exporter, as the library stores every
// image (api/image_export.h library_image_options: 16-bit PNG, sRGB profile, 72 ppi, the A1111
// `parameters` and our JSON), so print software knows the colour space and other tools, or a
// later drop onto the studio, can read the settings back.
#pragma once

#include <QString>

#include "api/generation_metadata.h"
#include "inference/GenerationOutcome.h"

namespace pixart::ui {

class LibraryImageWriter {
  public:
    // Throws pixart::Error(Io) when the file cannot be written, InvalidArgument without an image.
    static void writePng(const QString& path, const GenerationOutcome& outcome,
                         const pixart::GenerationMetadata& metadata);
};

}  // namespace pixart::ui
