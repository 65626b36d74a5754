// Thumbnails for the gallery, decoded and scaled off the GUI thread (QtConcurrent::run +
// QFutureWatcher; QImageReader scales while decoding) and kept in a bounded cache.
#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QString>

namespace pixart::ui {

class ThumbnailCache : public QObject {
    Q_OBJECT

  public:
    explicit ThumbnailCache(int edge = 160, QObject* parent = nullptr);

    // The cached thumbnail, or a null image while it is being made (thumbnailReady follows).
    QImage thumbnail(const QString& path);
    void forget(const QString& path);
    int edge() const { return edge_; }

    static QImage load(const QString& path, int edge);  // runs on a pool thread

  Q_SIGNALS:
    void thumbnailReady(const QString& path);

  private:
    int edge_;
    QCache<QString, QImage> cache_;  // cost = kilobytes
    QSet<QString> loading_;
};

}  // namespace pixart::ui
