#include "image_library/ImageMetadataReader.h"

#include <exception>

#include "api/image_export.h"

namespace pixart::ui {

std::optional<GenerationSettings> ImageMetadataReader::read(const QString& imagePath) {
    try {
        if (const auto metadata = pixart::read_image_metadata(imagePath.toStdString()))
            return GenerationSettings::fromMetadata(*metadata);
    } catch (const std::exception&) {
        // Not an image (or unreadable): a drop of such a file simply restores nothing.
    }
    return std::nullopt;
}

}  // namespace pixart::ui
