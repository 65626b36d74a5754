#include "image_library/ThumbnailCache.h"

#include <algorithm>

#include "support/ImageFileReading.h"
#include "support/PoolTask.h"

namespace pixart::ui {

ThumbnailCache::ThumbnailCache(int edge, QObject* parent) : QObject(parent), edge_(edge) {
    cache_.setMaxCost(64 * 1024);  // ~64 MB of thumbnails
}

QImage ThumbnailCache::load(const QString& path, int edge) { return readImageFile(path, edge); }

QImage ThumbnailCache::thumbnail(const QString& path) {
    if (QImage* cached = cache_.object(path)) return *cached;
    if (loading_.contains(path)) return {};
    loading_.insert(path);
    runInPool(
        this, [path, edge = edge_] { return load(path, edge); },
        [this, path](const QImage& image, const QString&) {
            loading_.remove(path);
            if (image.isNull()) return;
            cache_.insert(path, new QImage(image),
                          std::max<qsizetype>(1, image.sizeInBytes() / 1024));
            Q_EMIT thumbnailReady(path);
        });
    return {};
}

void ThumbnailCache::forget(const QString& path) { cache_.remove(path); }

}  // namespace pixart::ui
