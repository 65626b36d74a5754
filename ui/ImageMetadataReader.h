// Restores generation settings from an image's text metadata: our own JSON chunk first (it has
// every field), else A1111 `parameters` (written by most tools). Reads the header only.
#pragma once

#include <QString>
#include <optional>

#include "GenerationSettings.h"

namespace pixart::ui {

class ImageMetadataReader {
  public:
    // The PNG text key our JSON lives under.
    static QString ourKey() { return QStringLiteral("pixart"); }

    static std::optional<GenerationSettings> read(const QString& imagePath);
    // From already extracted text chunks (key → text).
    static std::optional<GenerationSettings> fromText(const QString& ourJson,
                                                      const QString& parameters);
};

}  // namespace pixart::ui
