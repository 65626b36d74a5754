#include "item_models/GalleryModel.h"

#include <QMimeData>
#include <QUrl>

#include <QBrush>
#include <QColor>
#include <QIcon>
#include <QPixmap>
#include <QSet>
#include <utility>

#include "image_library/ImageLibrary.h"
#include "image_library/ThumbnailCache.h"
#include "support/PoolTask.h"

namespace pixart::ui {

GalleryModel::GalleryModel(std::shared_ptr<ImageLibrary> library, QObject* parent)
    : QAbstractListModel(parent), library_(std::move(library)) {
    thumbnails_ = new ThumbnailCache(160, this);
    connect(thumbnails_, &ThumbnailCache::thumbnailReady, this, &GalleryModel::thumbnailReady);
}

void GalleryModel::setLibrary(std::shared_ptr<ImageLibrary> library) {
    library_ = std::move(library);
    refresh();
}

Qt::ItemFlags GalleryModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid()) flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList GalleryModel::mimeTypes() const { return {QStringLiteral("text/uri-list")}; }

QMimeData* GalleryModel::mimeData(const QModelIndexList& indexes) const {
    QList<QUrl> urls;
    for (const QModelIndex& index : indexes)
        if (index.isValid() && index.row() < entries_.size())
            urls.append(QUrl::fromLocalFile(entries_[index.row()].imagePath));
    if (urls.isEmpty()) return nullptr;
    auto* data = new QMimeData;
    data->setUrls(urls);
    return data;
}

int GalleryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : entries_.size();
}

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= entries_.size()) return {};
    const LibraryEntry& e = entries_[index.row()];
    switch (role) {
        case Qt::DisplayRole: {
            QString prompt = e.settings.prompt().simplified();
            if (prompt.size() > 40) prompt = prompt.left(37) + QStringLiteral("…");
            const BatchPlace& b = batches_[index.row()];
            const QString place =
                b.size > 1 ? QStringLiteral("%1/%2 · ").arg(b.index).arg(b.size) : QString();
            return (e.favourite ? QStringLiteral("★ ") : QString()) + place + prompt;
        }
        case Qt::BackgroundRole: {
            const BatchPlace& b = batches_[index.row()];
            if (b.size < 2) return {};
            // Light enough for dark and light themes; two hues so neighbouring batches differ.
            return QBrush(b.group % 2 == 0 ? QColor(70, 130, 220, 48) : QColor(220, 150, 50, 48));
        }
        case Qt::DecorationRole: {
            const QImage thumb = thumbnails_->thumbnail(e.imagePath);
            if (thumb.isNull()) {
                // A same-sized stand-in while the thumbnail is made: views with uniform item
                // sizes measure the first item, so it must not be icon-less.
                if (placeholder_.isNull()) {
                    QPixmap blank(thumbnails_->edge(), thumbnails_->edge());
                    blank.fill(QColor(128, 128, 128, 48));
                    placeholder_ = QIcon(blank);
                }
                return placeholder_;
            }
            return QIcon(QPixmap::fromImage(thumb));
        }
        case Qt::ToolTipRole: {
            const BatchPlace& b = batches_[index.row()];
            const QString batch =
                b.size > 1 ? tr("\nImage %1 of a batch of %2").arg(b.index).arg(b.size) : QString();
            return tr("%1\nSeed %2 · %3 × %4 · %5")
                       .arg(e.settings.prompt())
                       .arg(e.settings.seed())
                       .arg(e.width)
                       .arg(e.height)
                       .arg(e.created.toString(Qt::TextDate)) +
                   batch;
        }
        case BatchSizeRole:
            return batches_[index.row()].size;
        case BatchIndexRole:
            return batches_[index.row()].index;
        case BatchFirstRowRole:
            return batches_[index.row()].first;
        case IdRole:
            return e.id;
        case PathRole:
            return e.imagePath;
        case PromptRole:
            return e.settings.prompt();
        case SeedRole:
            return e.settings.seed();
        case FavouriteRole:
            return e.favourite;
        case SettingsRole:
            return QVariant::fromValue(e.settings);
        case EntryRole:
            return QVariant::fromValue(e);
        default:
            return {};
    }
}

void GalleryModel::setSearch(const QString& text) {
    if (text == search_) return;
    search_ = text;
    refresh();
}

void GalleryModel::setFavouritesOnly(bool only) {
    if (only == favouritesOnly_) return;
    favouritesOnly_ = only;
    refresh();
}

void GalleryModel::refresh() {
    if (!library_) return;
    const quint64 ticket = ++refreshTicket_;
    runInPool(
        this,
        [library = library_, search = search_, favourites = favouritesOnly_] {
            return library->entries(search, favourites);
        },
        [this, ticket](const QList<LibraryEntry>& entries, const QString& error) {
            if (ticket != refreshTicket_) return;  // a newer refresh is running
            if (!error.isEmpty()) Q_EMIT failed(error);
            beginResetModel();
            entries_ = entries;
            placeBatches();
            endResetModel();
            Q_EMIT refreshed();
        });
}

template <typename Work>
void GalleryModel::runThenRefresh(Work work) {
    runInPool(
        this, [library = library_, work] { work(*library); },
        [this](const QString& error) {
            if (!error.isEmpty()) Q_EMIT failed(error);
            refresh();
        });
}

void GalleryModel::addOutcome(const GenerationOutcome& outcome) {
    if (!library_) {
        Q_EMIT failed(tr("Could not save the image: the output folder has no usable library."));
        return;
    }
    runInPool(
        this, [library = library_, outcome] { return library->add(outcome); },
        [this](const LibraryEntry& entry, const QString& error) {
            if (error.isEmpty()) {
                Q_EMIT added(entry);
            } else {
                Q_EMIT failed(tr("Could not save the image: %1").arg(error));
            }
            refresh();
        });
}

void GalleryModel::setFavourite(qint64 id, bool favourite) {
    if (library_)
        runThenRefresh([id, favourite](ImageLibrary& l) { l.setFavourite(id, favourite); });
}

void GalleryModel::remove(qint64 id) {
    const int row = rowOf(id);
    if (row >= 0) thumbnails_->forget(entries_[row].imagePath);
    if (library_) runThenRefresh([id](ImageLibrary& l) { l.remove(id); });
}

LibraryEntry GalleryModel::entryAt(int row) const {
    return row >= 0 && row < entries_.size() ? entries_[row] : LibraryEntry{};
}

void GalleryModel::placeBatches() {
    batches_ = QList<BatchPlace>(entries_.size());
    int groups = 0;
    int first = 0;
    while (first < entries_.size()) {
        // A group runs while the key stays and no image of it comes twice (a batch made again
        // right after itself is a second batch).
        int end = first + 1;
        const QString& key = entries_[first].batchKey;
        if (!key.isEmpty()) {
            QSet<qint64> members{entries_[first].batchMember};
            while (end < entries_.size() && entries_[end].batchKey == key &&
                   !members.contains(entries_[end].batchMember))
                members.insert(entries_[end++].batchMember);
        }
        // Newest first in the grid, so the image made first is the group's last: it is 1/N.
        for (int row = first; row < end; ++row)
            batches_[row] = BatchPlace{first, end - first, end - row, groups};
        if (end - first > 1) ++groups;
        first = end;
    }
}

QList<int> GalleryModel::batchRows(int row) const {
    if (row < 0 || row >= batches_.size()) return {};
    const BatchPlace& b = batches_[row];
    QList<int> rows;
    for (int r = b.first; r < b.first + b.size; ++r) rows.append(r);
    return rows;
}

int GalleryModel::rowOf(qint64 id) const {
    for (int i = 0; i < entries_.size(); ++i)
        if (entries_[i].id == id) return i;
    return -1;
}

void GalleryModel::thumbnailReady(const QString& path) {
    for (int i = 0; i < entries_.size(); ++i) {
        if (entries_[i].imagePath == path) {
            const QModelIndex idx = index(i);
            Q_EMIT dataChanged(idx, idx, {Qt::DecorationRole});
        }
    }
}

}  // namespace pixart::ui
