// Small things done with a library image: copy to the clipboard (decoded off the GUI thread) and
// reveal it in the file manager.
#pragma once

#include <QImage>
#include <QString>

class QObject;

namespace pixart::ui {

class ImageActions {
  public:
    static void copyToClipboard(const QImage& image);
    // Decodes the file on a pool thread, then copies it; `context` bounds the callback's life.
    static void copyFileToClipboard(const QString& path, QObject* context);
    // Selects the file in the desktop's file manager (org.freedesktop.FileManager1), or opens
    // its folder where that service is missing.
    static void revealInFileManager(const QString& path);
};

}  // namespace pixart::ui
