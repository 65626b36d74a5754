// One export as the export dialog describes it; ImageExporter plans and runs it.
#pragma once

#include <QString>

#include "api/generation_metadata.h"

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
    // Written into the file: the source image's metadata as the library keeps it, its creation
    // time and duration included (its size: the source image's, i.e. the generated one).
    pixart::GenerationMetadata metadata;
};

}  // namespace pixart::ui
