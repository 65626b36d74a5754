// Plans and writes print exports. With the core's imaging module (api/image_export.h: OpenImageIO
// + LittleCMS) that is 16-bit PNG/TIFF, Lanczos resampling from the float image, an embedded sRGB
// profile and CMYK; without it, Qt writes PNG/TIFF/JPEG with the resolution and the A1111 text,
// and the print-only options report themselves unavailable.
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>

#include "ExportRequest.h"

namespace pixart::ui {

class ImageExporter {
  public:
    struct Plan {
        QSize size;               // of the written file
        double effectivePpi = 0;  // source pixels per printed inch
        double printWidthMm = 0;
        double printHeightMm = 0;
        QStringList notes;
        QString error;  // non-empty: the request cannot be exported as it is
    };

    static bool hasPrintSupport();    // the imaging module is built in (16-bit, ICC, CMYK)
    static QStringList paperNames();  // presets, portrait

    // Cheap: arithmetic only, fine for a live summary in the dialog.
    static Plan plan(const ExportRequest& request, const QSize& sourceSize);
    // Runs on a pool thread. `progress` gets 0..1; returns "" or an error message.
    static QString run(const ExportRequest& request, const std::function<void(double)>& progress,
                       const std::atomic<bool>* cancel);
};

}  // namespace pixart::ui
