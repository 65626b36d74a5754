#include "image_library/ImageActions.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QGuiApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QUrl>

#include "support/ImageFileReading.h"
#include "support/PoolTask.h"

namespace pixart::ui {

void ImageActions::copyToClipboard(const QImage& image) {
    if (!image.isNull()) QGuiApplication::clipboard()->setImage(image);
}

void ImageActions::copyFileToClipboard(const QString& path, QObject* context) {
    runInPool(
        context, [path] { return readImageFile(path); },
        [](const QImage& image, const QString&) { copyToClipboard(image); });
}

void ImageActions::revealInFileManager(const QString& path) {
    const QFileInfo info(path);
    const QString dbusSend = QStandardPaths::findExecutable(QStringLiteral("dbus-send"));
    if (!dbusSend.isEmpty()) {
        const QString uri = QUrl::fromLocalFile(info.absoluteFilePath()).toString();
        const bool started = QProcess::startDetached(
            dbusSend, {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                       QStringLiteral("--dest=org.freedesktop.FileManager1"),
                       QStringLiteral("/org/freedesktop/FileManager1"),
                       QStringLiteral("org.freedesktop.FileManager1.ShowItems"),
                       QStringLiteral("array:string:") + uri, QStringLiteral("string:")});
        if (started) return;
    }
    QDesktopServices::openUrl(QUrl::fromLocalFile(info.absolutePath()));
}

}  // namespace pixart::ui
