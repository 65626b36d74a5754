// Writes a finished image for the library: a 16-bit PNG (from the engine's float pixels when
// present) carrying the core's A1111 `parameters` and our JSON as text chunks, so other tools and
// a later drop onto the studio can read the settings back.
#pragma once

#include <QString>

#include "GenerationOutcome.h"
#include "api/generation_metadata.h"

namespace pixart::ui {

class LibraryImageWriter {
  public:
    // Throws pixart::Error(Io) when the file cannot be written.
    static void writePng(const QString& path, const GenerationOutcome& outcome,
                         const pixart::GenerationMetadata& metadata);
};

}  // namespace pixart::ui
