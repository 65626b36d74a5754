// Bridges to the core's metadata formats (api/generation_metadata.h: A1111 infotext, our JSON,
// ComfyUI and InvokeAI readers) when this build has them; the studio's own A1111Parameters and
// GenerationSettings JSON serve otherwise.
#pragma once

#include <QMap>
#include <QString>
#include <optional>

#include "GenerationOutcome.h"
#include "GenerationSettings.h"

#if __has_include("api/generation_metadata.h")
#define PIXART_UI_CORE_METADATA 1
#endif

namespace pixart::ui {

struct MetadataTexts {
    QString parametersKey;  // "parameters"
    QString parameters;     // A1111 infotext
    QString jsonKey;        // our JSON's text-chunk key
    QString json;
};

class CoreMetadata {
  public:
    static bool available();
    // The text chunks a stored image carries.
    static MetadataTexts textsFor(const GenerationOutcome& outcome, int width, int height);
    // The best reading of an image's text fields (ours, A1111, InvokeAI, ComfyUI).
    static std::optional<GenerationSettings> settingsFrom(const QMap<QString, QString>& fields);
};

}  // namespace pixart::ui
