#include "support/ImageFileReading.h"

#include <QFile>
#include <QImageReader>

#include "api/errors.h"
#include "api/image_export.h"

namespace pixart::ui {

QImage readImageFile(const QString& path, int fitEdge, QString* why) {
    try {
        pixart::check_image_file(QFile::encodeName(path).toStdString());
    } catch (const pixart::Error& e) {
        if (why) *why = QString::fromStdString(e.what());
        return {};
    }
    QImageReader reader(path);
    if (fitEdge > 0) {
        const QSize size = reader.size();
        if (size.isValid())
            reader.setScaledSize(size.scaled(fitEdge, fitEdge, Qt::KeepAspectRatio));
    }
    QImage image = reader.read();
    if (image.isNull() && why) *why = reader.errorString();
    if (fitEdge > 0 && !image.isNull() && (image.width() > fitEdge || image.height() > fitEdge))
        image = image.scaled(fitEdge, fitEdge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

}  // namespace pixart::ui
