// Restores generation settings from an image's text metadata (a PNG dropped on the studio): our
// own JSON first (it has every field), else A1111 `parameters` (most tools write it), and with the
// core's metadata readers also InvokeAI and ComfyUI. Reads text chunks, never pixels.
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
