// The library as a list model for the thumbnail grid: newest first, filtered by a search and by
// favourites. The images of one batch (LibraryEntry::batchKey) that follow each other are a
// group: their tiles share a tint (alternating between groups) and say "2/4". Every library call
// runs on a pool thread (QtConcurrent::run + QFutureWatcher); the views only see this model.
#pragma once

#include <QAbstractListModel>
#include <QIcon>
#include <QList>
#include <memory>

#include "inference/GenerationOutcome.h"
#include "item_models/LibraryEntry.h"

namespace pixart::ui {

class ImageLibrary;
class ThumbnailCache;

class GalleryModel : public QAbstractListModel {
    Q_OBJECT

  public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        PathRole,
        PromptRole,
        SeedRole,
        FavouriteRole,
        SettingsRole,  // GenerationSettings
        EntryRole,     // LibraryEntry
        // Batches: images of one batch that lie next to each other in the grid form a group.
        BatchSizeRole,      // images in this image's group; 1 = made alone
        BatchIndexRole,     // its place in the group in the order they were made, 1-based
        BatchFirstRowRole,  // the group's first row
    };

    explicit GalleryModel(std::shared_ptr<ImageLibrary> library, QObject* parent = nullptr);

    void setLibrary(std::shared_ptr<ImageLibrary> library);  // e.g. a new output folder

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void setSearch(const QString& text);
    void setFavouritesOnly(bool only);
    void refresh();

    void addOutcome(const GenerationOutcome& outcome);  // stores it, then refreshes
    void setFavourite(qint64 id, bool favourite);
    // Images drag out to other applications (file managers, editors, mail) as their files.
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    void remove(qint64 id);

    LibraryEntry entryAt(int row) const;
    // The rows of the batch group `row` is in (just `row` for an image made alone).
    QList<int> batchRows(int row) const;
    int rowOf(qint64 id) const;

  Q_SIGNALS:
    void refreshed();
    void added(const pixart::ui::LibraryEntry& entry);
    void failed(const QString& message);

  private:
    template <typename Work>
    void runThenRefresh(Work work);
    void thumbnailReady(const QString& path);

    std::shared_ptr<ImageLibrary> library_;
    ThumbnailCache* thumbnails_ = nullptr;
    mutable QIcon placeholder_;  // made on first use (needs a GUI application)
    struct BatchPlace {
        int first = 0;  // the group's first row
        int size = 1;
        int index = 1;  // 1-based, in the order made
        int group = 0;  // the group's ordinal among groups of several, for the tint
    };
    void placeBatches();

    QList<LibraryEntry> entries_;
    QList<BatchPlace> batches_;  // one per entry
    QString search_;
    bool favouritesOnly_ = false;
    quint64 refreshTicket_ = 0;
};

}  // namespace pixart::ui
