// The gallery (issue 15, item 9): images drag out as their files, several images can be
// selected and favourited or deleted at once, export is offered from the gallery, and a batch's
// images are grouped and selected together.
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
            outcome.settings.setPrompt(QStringLiteral("image %1").arg(i));
            outcome.settings.setSeed(static_cast<quint32>(100 + i));
            outcome.image = QImage(32, 32, QImage::Format_RGB888);
            outcome.image.fill(Qt::gray);
            library->add(outcome);
        }
        return library;
    }

    static void add(CoreImageLibrary& library, const QString& prompt, quint32 seed,
                    const QString& batchId = {}, int noiseBatchSize = 0, int noiseBatchIndex = 0) {
        GenerationOutcome outcome;
        outcome.settings.setPrompt(prompt);
        outcome.settings.setSeed(seed);
        outcome.settings.batchId = batchId;
        outcome.settings.request.noise_batch_size = noiseBatchSize;
        outcome.settings.request.noise_batch_index = noiseBatchIndex;
        outcome.image = QImage(16, 16, QImage::Format_RGB888);
        outcome.image.fill(Qt::gray);
        library.add(outcome);
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

    void batchesAreGroupedAndSelectedTogether() {
        QTemporaryDir dir;
        auto library = std::make_shared<CoreImageLibrary>(dir.path());
        add(*library, QStringLiteral("alone"), 1);
        for (quint32 seed = 10; seed < 13; ++seed)  // one press of Generate, batch of 3
            add(*library, QStringLiteral("pressed"), seed, QStringLiteral("press-1"));
        add(*library, QStringLiteral("alone too"), 2);
        for (int run = 0; run < 2; ++run)  // a CLI line of 2 images, made twice
            for (int i = 0; i < 2; ++i) add(*library, QStringLiteral("from the cli"), 7, {}, 2, i);
        GalleryModel model(library);
        refresh(model);
        QCOMPARE(model.rowCount(), 9);
        // Newest first: the second CLI run, the first, "alone too", the press, "alone".
        const QList<int> sizes{2, 2, 2, 2, 1, 3, 3, 3, 1};
        const QList<int> places{2, 1, 2, 1, 1, 3, 2, 1, 1};
        for (int row = 0; row < 9; ++row) {
            const QModelIndex index = model.index(row);
            QCOMPARE(index.data(GalleryModel::BatchSizeRole).toInt(), sizes[row]);
            QCOMPARE(index.data(GalleryModel::BatchIndexRole).toInt(), places[row]);
            const bool tinted = index.data(Qt::BackgroundRole).isValid();
            QCOMPARE(tinted, sizes[row] > 1);
        }
        QCOMPARE(model.index(7).data(Qt::DisplayRole).toString(), QStringLiteral("1/3 · pressed"));
        QVERIFY(model.index(0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Image 2 of a batch of 2")));
        QCOMPARE(model.index(4).data(Qt::DisplayRole).toString(), QStringLiteral("alone too"));
        // Two batches side by side have different tints.
        QVERIFY(model.index(0).data(Qt::BackgroundRole) != model.index(2).data(Qt::BackgroundRole));
        QCOMPARE(model.batchRows(6), (QList<int>{5, 6, 7}));
        QCOMPARE(model.batchRows(8), (QList<int>{8}));

        GalleryPanel panel(&model);
        panel.selectRows(model.batchRows(6));
        QCOMPARE(panel.selectedRows(), (QList<int>{5, 6, 7}));
    }
};

QTEST_MAIN(TestGalleryPanel)
#include "test_gallery_panel.moc"
