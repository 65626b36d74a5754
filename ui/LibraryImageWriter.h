// Writes a finished image for the library: a 16-bit PNG (from the engine's float pixels when
// present) carrying A1111 `parameters` and our JSON as text chunks, so other tools and a later
// drop onto the studio can read the settings back.
#pragma once

#include <QJsonObject>
#include <QString>

#include "GenerationOutcome.h"

namespace pixart::ui {

class LibraryImageWriter {
  public:
    // Throws pixart::Error(Io) when the file cannot be written.
    static void writePng(const QString& path, const GenerationOutcome& outcome);
    // Our JSON: every field needed to regenerate exactly.
    static QJsonObject metadataJson(const GenerationOutcome& outcome);
};

}  // namespace pixart::ui
