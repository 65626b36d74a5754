// One export as the export dialog describes it; ImageExporter plans and runs it.
#pragma once

#include <QString>

#include "settings/GenerationSettings.h"

namespace pixart::ui {

struct ExportRequest {
    QString sourcePath;                               // the library image
    QString targetPath;                               // "" while only planning
    QString format = QStringLiteral("png");           // "png", "tiff", "jpeg"
    int bitDepth = 16;                                // 8 or 16 (JPEG: 8)
    QString tiffCompression = QStringLiteral("lzw");  // "lzw", "deflate", "none"
    double ppi = 300.0;
    QString paper;  // a preset name ("A4", …) or "" for the source pixel size
    bool landscape = false;
    double bleedMm = 0.0;                  // per side
    QString fit = QStringLiteral("fill");  // "fill", "fit", "pad"
    QString cmykProfile;                   // TIFF only: convert to CMYK with this ICC profile
    bool embedIcc = true;
    GenerationSettings settings;  // written as metadata
    QString modelName;
};

}  // namespace pixart::ui
