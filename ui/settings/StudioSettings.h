// Everything the studio remembers between runs (QSettings): the model, the output folder, engine
// options, the theme, the window layout and the last-used generation parameters.
#pragma once

#include <QByteArray>
#include <QString>

#include "api/engine.h"
#include "settings/GenerationSettings.h"
#include "support/Theme.h"

class QSettings;

namespace pixart::ui {

struct StudioSettings {
    QString modelPath;     // the last model folder opened ("" = none yet: first-run screen)
    QString outputFolder;  // where the library keeps images
    // "Refine for print" runs on this checkpoint when set (PixArt-Sigma-XL-2-2K-MS: trained at
    // the larger sizes); "" = the loaded model.
    QString printModelPath;
    QString loraFolder;  // where the LoRA panel lists LoRAs from
    QString device = QStringLiteral("cpu");
    int threads = 0;                 // 0 = all cores
    bool releaseTextEncoder = true;  // memory mode: free a resident T5 once the prompt is encoded
    // How T5 holds its weights: "auto", "resident" (in memory) or "streamed" (from its files).
    QString textEncoderMode = QStringLiteral("auto");
    int previewInterval = 1;  // a preview every N steps (0 = none)
    Theme theme = Theme::System;
    GenerationSettings lastGeneration;
    QByteArray windowGeometry;
    QByteArray windowState;

    static QString defaultOutputFolder();  // ~/Pictures/PixArt Studio

    pixart::EngineOptions engineOptions() const;

    static StudioSettings load(QSettings& settings);
    void save(QSettings& settings) const;

    bool operator==(const StudioSettings& other) const;
};

}  // namespace pixart::ui
