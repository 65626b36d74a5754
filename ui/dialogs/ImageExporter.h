// Plans and writes print exports through the core's imaging module (api/image_export.h:
// OpenImageIO + LittleCMS): 16-bit PNG/TIFF, Lanczos resampling from the float image, an embedded
// sRGB profile, CMYK, and the generation metadata in the file.
#pragma once

#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>

#include "dialogs/ExportRequest.h"

namespace pixart::ui {

class ImageExporter {
  public:
    struct Plan {
        QSize size;               // of the written file
        double effectivePpi = 0;  // source pixels per printed inch
        double printWidthMm = 0;
        double printHeightMm = 0;
        // Where the image goes (for the dialog's page preview): the part of the source used
        // (Fill crops), the size it is resampled to (centred on the page), the bleed per side.
        QRect crop;
        QSize scaledSize;
        int bleedPixels = 0;
        QStringList notes;
        QString error;  // non-empty: the request cannot be exported as it is
    };

    static QStringList paperNames();  // presets, portrait

    // Cheap: arithmetic only, fine for a live summary in the dialog.
    static Plan plan(const ExportRequest& request, const QSize& sourceSize);
    struct Result {
        QString error;         // empty: written
        QStringList warnings;  // what was written otherwise than asked (settings left out, …)
    };
    // Runs on a pool thread. `progress` gets 0..1.
    static Result run(const ExportRequest& request, const std::function<void(double)>& progress,
                      const std::atomic<bool>* cancel);
};

}  // namespace pixart::ui
