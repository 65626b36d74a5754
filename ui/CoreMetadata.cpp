#include "CoreMetadata.h"

#include <QJsonDocument>

#include "A1111Parameters.h"
#include "ImageMetadataReader.h"
#include "LibraryImageWriter.h"

#ifdef PIXART_UI_CORE_METADATA
#include <map>
#include <string>

#include "api/generation_metadata.h"
#endif

namespace pixart::ui {

bool CoreMetadata::available() {
#ifdef PIXART_UI_CORE_METADATA
    return true;
#else
    return false;
#endif
}

MetadataTexts CoreMetadata::textsFor(const GenerationOutcome& outcome, int width, int height) {
    MetadataTexts t;
    t.parametersKey = QStringLiteral("parameters");
#ifdef PIXART_UI_CORE_METADATA
    pixart::GenerationMetadata m = pixart::metadata_for(
        outcome.settings.toRequest(outcome.settings.seed), 0, 0, outcome.modelName.toStdString());
    m.width = width;
    m.height = height;
    m.duration_seconds = outcome.seconds;
    t.parameters = QString::fromStdString(pixart::to_a1111_parameters(m));
    t.jsonKey = QString::fromLatin1(pixart::kPixArtMetadataKey);
    t.json = QString::fromStdString(pixart::to_json(m));
#else
    t.parameters =
        A1111Parameters::format(outcome.settings, QSize(width, height), outcome.modelName);
    t.jsonKey = ImageMetadataReader::ourKey();
    t.json = QString::fromUtf8(
        QJsonDocument(LibraryImageWriter::metadataJson(outcome)).toJson(QJsonDocument::Compact));
#endif
    return t;
}

std::optional<GenerationSettings> CoreMetadata::settingsFrom(const QMap<QString, QString>& fields) {
#ifdef PIXART_UI_CORE_METADATA
    std::map<std::string, std::string> texts;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        texts[it.key().toStdString()] = it.value().toStdString();
    if (const auto m = pixart::metadata_from_text_fields(texts)) {
        GenerationSettings s;
        s.prompt = QString::fromStdString(m->prompt);
        s.negativePrompt = QString::fromStdString(m->negative_prompt);
        s.seed = static_cast<quint32>(m->seed);
        s.steps = m->steps;
        s.guidance = m->guidance_scale;
        s.sampler = QString::fromStdString(m->sampler);
        s.width = m->width;
        s.height = m->height;
        s.seedMode = SeedMode::Fixed;
        return s;
    }
#endif
    // Our older JSON (the studio's GenerationSettings keys) and A1111 text.
    QString ours;
    for (const QString& key : {ImageMetadataReader::ourKey(), QStringLiteral("pixart-studio"),
                               QStringLiteral("pixart_studio")}) {
        ours = fields.value(key);
        if (!ours.isEmpty()) break;
    }
    return ImageMetadataReader::fromText(ours, fields.value(QStringLiteral("parameters")));
}

}  // namespace pixart::ui
