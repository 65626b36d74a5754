#include "ImageMetadataReader.h"

#include <QImageReader>
#include <QJsonDocument>
#include <QJsonObject>

#include "A1111Parameters.h"
#include "CoreMetadata.h"
#include "PngTextChunks.h"

namespace pixart::ui {

std::optional<GenerationSettings> ImageMetadataReader::fromText(const QString& ourJson,
                                                                const QString& parameters) {
    if (!ourJson.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(ourJson.toUtf8());
        if (doc.isObject()) {
            QJsonObject object = doc.object();
            // Our metadata may nest the settings (e.g. {"generation": {...}, ...}).
            if (object.value(QStringLiteral("generation")).isObject())
                object = object.value(QStringLiteral("generation")).toObject();
            if (object.contains(QStringLiteral("prompt"))) {
                GenerationSettings s = GenerationSettings::fromJson(object);
                s.seedMode = SeedMode::Fixed;
                s.batchCount = 1;
                return s;
            }
        }
    }
    if (!parameters.isEmpty()) return A1111Parameters::parse(parameters);
    return std::nullopt;
}

std::optional<GenerationSettings> ImageMetadataReader::read(const QString& imagePath) {
    QMap<QString, QString> texts = PngTextChunks::read(imagePath);
    if (texts.isEmpty()) {
        // Other formats: Qt's reader (it flattens newlines, so prompts lose their line breaks).
        QImageReader reader(imagePath);
        if (!reader.canRead()) return std::nullopt;
        for (const QString& key : reader.textKeys()) texts.insert(key, reader.text(key));
    }
    return CoreMetadata::settingsFrom(texts);
}

}  // namespace pixart::ui
