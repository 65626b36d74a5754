// A finished job: the image at full precision (for the library and export) and as a QImage (for
// the screen), with the exact settings and seed that made it.
#pragma once

#include <QImage>
#include <QMetaType>
#include <QString>
#include <memory>

#include "api/image.h"
#include "settings/GenerationSettings.h"

namespace pixart::ui {

struct GenerationOutcome {
    quint64 jobId = 0;
    GenerationSettings settings;                // seedMode Fixed, seed = the seed actually used
    QImage image;                               // 8-bit RGB for display
    std::shared_ptr<const pixart::Image> full;  // float RGB 0..1 as the engine returned it
    int generatedWidth = 0;                     // after resolution binning
    int generatedHeight = 0;
    double seconds = 0.0;
    QString modelName;
    QString modelPath;
};

}  // namespace pixart::ui

Q_DECLARE_METATYPE(pixart::ui::GenerationOutcome)
