// Restores generation settings from an image's metadata (a file dropped on the studio): the
// core's reader (api/image_export.h read_image_metadata) takes our JSON first (it has every
// field), else A1111 `parameters` (most tools write it), InvokeAI or ComfyUI. It reads text
// fields, never pixels.
#pragma once

#include <QString>
#include <optional>

#include "settings/GenerationSettings.h"

namespace pixart::ui {

class ImageMetadataReader {
  public:
    // nullopt when the file cannot be read or carries no generation settings.
    static std::optional<GenerationSettings> read(const QString& imagePath);
};

}  // namespace pixart::ui
