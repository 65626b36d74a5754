#include "LibraryImageWriter.h"

#include <QImageWriter>
#include <QJsonDocument>

#include "CoreMetadata.h"
#include "ImageConversion.h"
#include "api/errors.h"

namespace pixart::ui {

QJsonObject LibraryImageWriter::metadataJson(const GenerationOutcome& outcome) {
    QJsonObject json = outcome.settings.toJson();
    json[QStringLiteral("model")] = outcome.modelName;
    json[QStringLiteral("rng")] = QStringLiteral("cpu");
    json[QStringLiteral("generated_width")] = outcome.generatedWidth;
    json[QStringLiteral("generated_height")] = outcome.generatedHeight;
    json[QStringLiteral("seconds")] = outcome.seconds;
    return json;
}

void LibraryImageWriter::writePng(const QString& path, const GenerationOutcome& outcome) {
    QImage image = outcome.full ? toQImage16(*outcome.full) : outcome.image;
    if (image.isNull())
        throw pixart::Error(pixart::ErrorKind::InvalidArgument, "no image to store");
    const MetadataTexts texts = CoreMetadata::textsFor(outcome, image.width(), image.height());
    image.setText(texts.parametersKey, texts.parameters);
    image.setText(texts.jsonKey, texts.json);
    QImageWriter writer(path, "png");
    if (!writer.write(image))
        throw pixart::Error(pixart::ErrorKind::Io,
                            (path + QStringLiteral(": ") + writer.errorString()).toStdString());
}

}  // namespace pixart::ui
