// The gallery (issue 15, item 9): images drag out as their files, several images can be
// selected and favourited or deleted at once, and export is offered from the gallery.
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QListView>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <memory>

#include "image_library/CoreImageLibrary.h"
#include "inference/GenerationOutcome.h"
#include "item_models/GalleryModel.h"
#include "panels/GalleryPanel.h"

using namespace pixart::ui;

class TestGalleryPanel : public QObject {
    Q_OBJECT

  private:
    static std::shared_ptr<CoreImageLibrary> libraryWith(const QTemporaryDir& dir, int images) {
        auto library = std::make_shared<CoreImageLibrary>(dir.path());
        for (int i = 0; i < images; ++i) {
            GenerationOutcome outcome;
            outcome.settings.prompt = QStringLiteral("image %1").arg(i);
            outcome.settings.seed = static_cast<quint32>(100 + i);
            outcome.image = QImage(32, 32, QImage::Format_RGB888);
            outcome.image.fill(Qt::gray);
            library->add(outcome);
        }
        return library;
    }

    static void refresh(GalleryModel& model) {
        QSignalSpy refreshed(&model, &GalleryModel::refreshed);
        model.refresh();
        QVERIFY(refreshed.wait(30000));
    }

  private Q_SLOTS:
    void imagesDragOutAsTheirFiles() {
        QTemporaryDir dir;
        GalleryModel model(libraryWith(dir, 2));
        refresh(model);
        QVERIFY(model.flags(model.index(0)) & Qt::ItemIsDragEnabled);
        QCOMPARE(model.mimeTypes(), QStringList{QStringLiteral("text/uri-list")});
        std::unique_ptr<QMimeData> data(model.mimeData({model.index(0), model.index(1)}));
        QVERIFY(data && data->hasUrls());
        QCOMPARE(data->urls().size(), 2);
        QCOMPARE(data->urls().at(0).toLocalFile(), model.entryAt(0).imagePath);
        QVERIFY(QFileInfo::exists(data->urls().at(1).toLocalFile()));
    }

    void severalImagesAreSelectedAndFavouritedTogether() {
        QTemporaryDir dir;
        GalleryModel model(libraryWith(dir, 3));
        refresh(model);
        GalleryPanel panel(&model);
        QCOMPARE(panel.view()->selectionMode(), QAbstractItemView::ExtendedSelection);
        QVERIFY(panel.view()->dragEnabled());
        auto* selection = panel.view()->selectionModel();
        selection->select(model.index(0), QItemSelectionModel::Select);
        selection->select(model.index(2), QItemSelectionModel::Select);
        QCOMPARE(panel.selectedRows(), (QList<int>{0, 2}));
        for (const int row : panel.selectedRows()) model.setFavourite(model.entryAt(row).id, true);
        // Each change runs on the pool and refreshes the model when done: wait for both.
        const auto favourites = [&] {
            int n = 0;
            for (int row = 0; row < model.rowCount(); ++row) n += model.entryAt(row).favourite;
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(favourites(), 2, 10000);
    }
};

QTEST_MAIN(TestGalleryPanel)
#include "test_gallery_panel.moc"
