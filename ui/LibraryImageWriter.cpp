#include "LibraryImageWriter.h"

#include <QImageWriter>

#include "ImageConversion.h"
#include "api/errors.h"

namespace pixart::ui {

void LibraryImageWriter::writePng(const QString& path, const GenerationOutcome& outcome,
                                  const pixart::GenerationMetadata& metadata) {
    QImage image = outcome.full ? toQImage16(*outcome.full) : outcome.image;
    if (image.isNull())
        throw pixart::Error(pixart::ErrorKind::InvalidArgument, "no image to store");
    image.setText(QString::fromLatin1(pixart::kA1111ParametersKey),
                  QString::fromStdString(pixart::to_a1111_parameters(metadata)));
    image.setText(QString::fromLatin1(pixart::kPixArtMetadataKey),
                  QString::fromStdString(pixart::to_json(metadata)));
    QImageWriter writer(path, "png");
    if (!writer.write(image))
        throw pixart::Error(pixart::ErrorKind::Io,
                            (path + QStringLiteral(": ") + writer.errorString()).toStdString());
}

}  // namespace pixart::ui
