// The thumbnail grid of the library: search, favourites only, and per image open / favourite /
// copy / reveal / use again / delete (asks first); a batch's images are grouped (GalleryModel)
// and "Select this batch" selects them all.
#pragma once

#include <QWidget>

#include "item_models/LibraryEntry.h"
#include "settings/GenerationSettings.h"

class QCheckBox;
class QLineEdit;
class QListView;
class QMenu;

namespace pixart::ui {

class GalleryModel;

class GalleryPanel : public QWidget {
    Q_OBJECT

  public:
    explicit GalleryPanel(GalleryModel* model, QWidget* parent = nullptr);

    QListView* view() const { return view_; }
    QLineEdit* searchEdit() const { return search_; }

    // Asks, then deletes; false when the user said no.
    bool confirmAndDelete(int row);
    // The same for several images (one question).
    bool confirmAndDelete(const QList<int>& rows);
    QList<int> selectedRows() const;
    // Selects exactly these rows (e.g. a batch, then favourite, delete or drag them together).
    void selectRows(const QList<int>& rows);

  Q_SIGNALS:
    void openRequested(int row);
    void useAgainRequested(const pixart::ui::GenerationSettings& settings);
    // Image-to-image from this image: variations (same prompt, new seeds), or "Refine for print"
    // (2x larger, the same seed, a light strength).
    void variationsRequested(const pixart::ui::LibraryEntry& entry);
    void refineRequested(const pixart::ui::LibraryEntry& entry);
    void exportRequested(const pixart::ui::LibraryEntry& entry);  // for print

  private:
    void showContextMenu(const QPoint& pos);

    GalleryModel* model_ = nullptr;
    QLineEdit* search_ = nullptr;
    QCheckBox* favouritesOnly_ = nullptr;
    QListView* view_ = nullptr;
};

}  // namespace pixart::ui
