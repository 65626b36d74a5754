// Writes a finished image for the library through the core exporter (api/image_export.h): a
// 16-bit PNG from the engine's float pixels, with the sRGB ICC profile, a screen resolution
// (72 ppi; the export dialog sets print sizes) and the A1111 `parameters` plus our JSON as text
// chunks, so print software knows the colour space and other tools, or a later drop onto the
// studio, can read the settings back.
#pragma once

#include <QString>

#include "GenerationOutcome.h"
#include "api/generation_metadata.h"

namespace pixart::ui {

class LibraryImageWriter {
  public:
    static constexpr double kScreenPpi = 72.0;

    // Throws pixart::Error(Io) when the file cannot be written, InvalidArgument without an image.
    static void writePng(const QString& path, const GenerationOutcome& outcome,
                         const pixart::GenerationMetadata& metadata);
};

}  // namespace pixart::ui
