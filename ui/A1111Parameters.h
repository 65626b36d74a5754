// The A1111 `parameters` text that A1111, Forge, civitai and many viewers read and write:
//   {prompt}
//   Negative prompt: {negative}          (only when non-empty)
//   Steps: 20, Sampler: DPM++ 2M, CFG scale: 4.5, Seed: 42, Size: 1024x1024, Model: …, RNG: CPU
// Values holding ',', ':' or a newline are JSON strings. Readers take the last line as the
// parameters when it holds at least three `key: value` pairs.
#pragma once

#include <QMap>
#include <QSize>
#include <QString>
#include <optional>

#include "GenerationSettings.h"

namespace pixart::ui {

class A1111Parameters {
  public:
    static QString format(const GenerationSettings& settings, const QSize& size,
                          const QString& modelName);
    // Settings from a parameters text (seed mode Fixed, so "use again" reproduces it);
    // nullopt when the text is not A1111 parameters.
    static std::optional<GenerationSettings> parse(const QString& text);

    // "dpm++2m" ↔ "DPM++ 2M"; unknown names pass through unchanged.
    static QString samplerDisplayName(const QString& sampler);
    static QString samplerFromDisplayName(const QString& name);

    // The `key: value` pairs of one parameters line (quoted values unquoted); empty if fewer
    // than three pairs.
    static QMap<QString, QString> parseLine(const QString& line);
};

}  // namespace pixart::ui
