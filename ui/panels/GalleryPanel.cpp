#include "panels/GalleryPanel.h"

#include <algorithm>

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QItemSelection>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QShortcut>
#include <QTimer>
#include <QVBoxLayout>

#include "image_library/ImageActions.h"
#include "item_models/GalleryModel.h"

namespace pixart::ui {

GalleryPanel::GalleryPanel(GalleryModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Search prompts…"));
    search_->setClearButtonEnabled(true);
    favouritesOnly_ = new QCheckBox(tr("Favourites"), this);
    view_ = new QListView(this);
    view_->setModel(model_);
    view_->setViewMode(QListView::IconMode);
    view_->setIconSize(QSize(160, 160));
    view_->setGridSize(QSize(176, 200));
    view_->setResizeMode(QListView::Adjust);
    view_->setMovement(QListView::Static);
    view_->setUniformItemSizes(true);
    view_->setWordWrap(true);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    // Several images at once (favourite, delete), and images dragged out as files.
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setDragEnabled(true);
    view_->setDragDropMode(QAbstractItemView::DragOnly);
    view_->setDefaultDropAction(Qt::CopyAction);

    auto* top = new QHBoxLayout;
    top->addWidget(search_, 1);
    top->addWidget(favouritesOnly_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(view_);

    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(search_, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] { model_->setSearch(search_->text()); });
    connect(favouritesOnly_, &QCheckBox::toggled, model_, &GalleryModel::setFavouritesOnly);
    connect(view_, &QListView::activated, this,
            [this](const QModelIndex& index) { Q_EMIT openRequested(index.row()); });
    connect(view_, &QListView::customContextMenuRequested, this, &GalleryPanel::showContextMenu);
    auto* del = new QShortcut(QKeySequence::Delete, view_, nullptr, nullptr, Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this, [this] {
        const QList<int> rows = selectedRows();
        if (rows.size() > 1)
            confirmAndDelete(rows);
        else if (view_->currentIndex().isValid())
            confirmAndDelete(view_->currentIndex().row());
    });
}

bool GalleryPanel::confirmAndDelete(int row) {
    const LibraryEntry entry = model_->entryAt(row);
    if (entry.id == 0) return false;
    const auto answer =
        QMessageBox::question(this, tr("Delete image"),
                              tr("Delete this image (seed %1) from the library and from disk?")
                                  .arg(entry.settings.seed()),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) return false;
    model_->remove(entry.id);
    return true;
}

void GalleryPanel::selectRows(const QList<int>& rows) {
    QItemSelection selection;
    for (const int row : rows) selection.select(model_->index(row), model_->index(row));
    view_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!rows.isEmpty())
        view_->selectionModel()->setCurrentIndex(model_->index(rows.first()),
                                                 QItemSelectionModel::NoUpdate);
}

QList<int> GalleryPanel::selectedRows() const {
    QList<int> rows;
    for (const QModelIndex& index : view_->selectionModel()->selectedIndexes())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

bool GalleryPanel::confirmAndDelete(const QList<int>& rows) {
    QList<qint64> ids;
    for (const int row : rows)
        if (const qint64 id = model_->entryAt(row).id; id != 0) ids.append(id);
    if (ids.isEmpty()) return false;
    const auto answer = QMessageBox::question(
        this, tr("Delete images"),
        tr("Delete these %n images from the library and from disk?", nullptr, ids.size()),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) return false;
    for (const qint64 id : ids) model_->remove(id);
    return true;
}

void GalleryPanel::showContextMenu(const QPoint& pos) {
    const QModelIndex index = view_->indexAt(pos);
    if (!index.isValid()) return;
    const int row = index.row();
    const LibraryEntry entry = model_->entryAt(row);
    QMenu menu(this);
    // Right-clicking one of several selected images acts on all of them.
    const QList<int> rows = selectedRows();
    const QList<int> batch = model_->batchRows(row);
    const auto addSelectBatch = [&] {
        if (batch.size() < 2) return;
        menu.addAction(tr("Select this batch (%n images)", nullptr, batch.size()), this,
                       [this, batch] { selectRows(batch); });
    };
    if (rows.size() > 1 && rows.contains(row)) {
        addSelectBatch();
        QList<LibraryEntry> entries;
        for (const int r : rows) entries.append(model_->entryAt(r));
        menu.addAction(tr("Add %n images to favourites", nullptr, entries.size()), this,
                       [this, entries] {
                           for (const auto& e : entries)
                               if (!e.favourite) model_->setFavourite(e.id, true);
                       });
        menu.addAction(tr("Remove %n images from favourites", nullptr, entries.size()), this,
                       [this, entries] {
                           for (const auto& e : entries)
                               if (e.favourite) model_->setFavourite(e.id, false);
                       });
        menu.addSeparator();
        menu.addAction(tr("Delete %n images…", nullptr, entries.size()), this,
                       [this, rows] { confirmAndDelete(rows); });
        menu.exec(view_->viewport()->mapToGlobal(pos));
        return;
    }
    menu.addAction(tr("Open"), this, [this, row] { Q_EMIT openRequested(row); });
    addSelectBatch();
    menu.addAction(tr("Use these settings again"), this,
                   [this, entry] { Q_EMIT useAgainRequested(entry.settings); });
    menu.addAction(tr("Variations of this image"), this,
                   [this, entry] { Q_EMIT variationsRequested(entry); });
    menu.addAction(tr("Refine for print (2×)"), this,
                   [this, entry] { Q_EMIT refineRequested(entry); });
    menu.addAction(entry.favourite ? tr("Remove from favourites") : tr("Add to favourites"), this,
                   [this, entry] { model_->setFavourite(entry.id, !entry.favourite); });
    menu.addSeparator();
    menu.addAction(tr("Export for print…"), this, [this, entry] { Q_EMIT exportRequested(entry); });
    menu.addAction(tr("Copy image"), this,
                   [this, entry] { ImageActions::copyFileToClipboard(entry.imagePath, this); });
    menu.addAction(tr("Show in file manager"), this,
                   [entry] { ImageActions::revealInFileManager(entry.imagePath); });
    menu.addSeparator();
    menu.addAction(tr("Delete…"), this, [this, row] { confirmAndDelete(row); });
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

}  // namespace pixart::ui
