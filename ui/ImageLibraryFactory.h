// The library the studio stores images in: the core's SQLite generation library when this build
// has it, else (or when it cannot be opened) the folder library.
#pragma once

#include <QString>
#include <memory>

#include "ImageLibrary.h"

namespace pixart::ui {

// `warning` receives a sentence for the user when the folder needed repair or a fallback.
std::shared_ptr<ImageLibrary> openImageLibrary(const QString& folder, QString* warning);

}  // namespace pixart::ui
