// HistoryModel, GalleryModel and the library behind them: newest first, most used, search,
// favourites, delete, and "use again" settings that carry the exact seed.
#include <QHash>
#include <QMutex>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "api/errors.h"
#include "api/image_export.h"
#include "image_library/CoreImageLibrary.h"
#include "image_library/ImageMetadataReader.h"
#include "item_models/GalleryModel.h"
#include "item_models/HistoryModel.h"
#include "item_models/JobQueueModel.h"

using namespace pixart::ui;

namespace {

LibraryEntry entry(qint64 id, const QString& prompt, quint32 seed, int minutesAgo) {
    LibraryEntry e;
    e.id = id;
    e.settings.setPrompt(prompt);
    e.settings.setSeed(seed);
    e.settings.seedMode = SeedMode::Fixed;
    e.created = QDateTime(QDate(2024, 5, 1), QTime(12, 0)).addSecs(-60 * minutesAgo);
    e.imagePath = QStringLiteral("/nonexistent/%1.png").arg(id);
    return e;
}

// An in-memory library: the models must work against any ImageLibrary.
class FakeLibrary : public ImageLibrary {
  public:
    explicit FakeLibrary(QList<LibraryEntry> entries) : entries_(std::move(entries)) {}
    QList<LibraryEntry> entries(const QString& search, bool favouritesOnly) override {
        QMutexLocker lock(&mutex_);
        QList<LibraryEntry> r;
        for (const auto& e : entries_)
            if ((!favouritesOnly || e.favourite) &&
                (search.isEmpty() || e.settings.prompt().contains(search, Qt::CaseInsensitive)))
                r.append(e);
        std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.created > b.created; });
        return r;
    }
    LibraryEntry add(const GenerationOutcome&) override {
        throw pixart::Error(pixart::ErrorKind::Io, "read-only fake");
    }
    void setFavourite(qint64 id, bool favourite) override {
        QMutexLocker lock(&mutex_);
        for (auto& e : entries_)
            if (e.id == id) e.favourite = favourite;
    }
    void remove(qint64 id) override {
        QMutexLocker lock(&mutex_);
        entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                      [id](const LibraryEntry& e) { return e.id == id; }),
                       entries_.end());
    }
    QList<PromptHistoryEntry> prompts(PromptOrder order, const QString& search) override {
        QMutexLocker lock(&mutex_);
        // Grouped by prompt: uses, last use, settings of the newest.
        QHash<QString, int> byPrompt;
        QList<PromptHistoryEntry> result;
        for (const auto& e : entries_) {
            const QString prompt = e.settings.prompt();
            if (!search.isEmpty() && !prompt.contains(search, Qt::CaseInsensitive)) continue;
            auto it = byPrompt.find(prompt);
            if (it == byPrompt.end()) {
                it = byPrompt.insert(prompt, result.size());
                result.append(PromptHistoryEntry{prompt, 0, e.created, e.settings});
            }
            PromptHistoryEntry& h = result[*it];
            ++h.uses;
            if (e.created >= h.lastUsed) {
                h.lastUsed = e.created;
                h.lastSettings = e.settings;
            }
        }
        std::stable_sort(result.begin(), result.end(), [order](const auto& a, const auto& b) {
            if (order == PromptOrder::MostUsed && a.uses != b.uses) return a.uses > b.uses;
            return a.lastUsed > b.lastUsed;
        });
        return result;
    }

  private:
    QMutex mutex_;
    QList<LibraryEntry> entries_;
};

QList<LibraryEntry> sample() {
    return {entry(1, QStringLiteral("a red fox"), 11, 50),
            entry(2, QStringLiteral("a lighthouse"), 22, 40),
            entry(3, QStringLiteral("a red fox"), 33, 30),
            entry(4, QStringLiteral("a red fox"), 44, 20),
            entry(5, QStringLiteral("mountain lake"), 55, 10)};
}

bool waitFor(QSignalSpy& spy) { return !spy.isEmpty() || spy.wait(60000); }

}  // namespace

class TestHistoryModel : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void mostRecentAndMostUsed() {
        HistoryModel model(std::make_shared<FakeLibrary>(sample()));
        QSignalSpy refreshed(&model, &HistoryModel::refreshed);
        model.refresh();
        QVERIFY(waitFor(refreshed));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.entryAt(0).prompt, QStringLiteral("mountain lake"));
        QCOMPARE(model.entryAt(1).prompt, QStringLiteral("a red fox"));
        QCOMPARE(model.entryAt(2).prompt, QStringLiteral("a lighthouse"));
        QCOMPARE(model.entryAt(1).uses, 3);
        // "Use again" gives the newest image's settings, exact seed included.
        const auto settings =
            model.index(1).data(HistoryModel::SettingsRole).value<GenerationSettings>();
        QCOMPARE(settings.seed(), 44u);
        QCOMPARE(settings.seedMode, SeedMode::Fixed);

        refreshed.clear();
        model.setOrder(PromptOrder::MostUsed);
        QVERIFY(waitFor(refreshed));
        QCOMPARE(model.entryAt(0).prompt, QStringLiteral("a red fox"));
        QCOMPARE(model.entryAt(1).prompt, QStringLiteral("mountain lake"));  // ties: most recent
        QVERIFY(model.index(0).data().toString().contains(QStringLiteral("×3")));
    }

    void search() {
        HistoryModel model(std::make_shared<FakeLibrary>(sample()));
        QSignalSpy refreshed(&model, &HistoryModel::refreshed);
        model.setSearch(QStringLiteral("LIGHT"));
        QVERIFY(waitFor(refreshed));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0).data(HistoryModel::PromptRole).toString(),
                 QStringLiteral("a lighthouse"));
        refreshed.clear();
        model.setSearch(QStringLiteral("nothing like this"));
        QVERIFY(waitFor(refreshed));
        QCOMPARE(model.rowCount(), 0);
    }

    void galleryNewestFirstFavouritesDelete() {
        auto library = std::make_shared<FakeLibrary>(sample());
        GalleryModel model(library);
        QSignalSpy refreshed(&model, &GalleryModel::refreshed);
        model.refresh();
        QVERIFY(waitFor(refreshed));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.entryAt(0).id, 5);
        QCOMPARE(model.entryAt(4).id, 1);
        QCOMPARE(model.index(0).data(GalleryModel::SeedRole).toUInt(), 55u);

        refreshed.clear();
        model.setFavourite(3, true);
        QVERIFY(waitFor(refreshed));
        QVERIFY(model.index(model.rowOf(3)).data(GalleryModel::FavouriteRole).toBool());
        refreshed.clear();
        model.setFavouritesOnly(true);
        QVERIFY(waitFor(refreshed));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.entryAt(0).id, 3);

        refreshed.clear();
        model.setFavouritesOnly(false);
        QVERIFY(waitFor(refreshed));
        refreshed.clear();
        model.remove(5);
        QVERIFY(waitFor(refreshed));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.rowOf(5), -1);
    }

    void galleryReportsFailedSave() {
        GalleryModel model(std::make_shared<FakeLibrary>(sample()));
        QSignalSpy failed(&model, &GalleryModel::failed);
        GenerationOutcome outcome;
        outcome.image = QImage(8, 8, QImage::Format_RGB888);
        model.addOutcome(outcome);
        QVERIFY(waitFor(failed));
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("read-only fake")));
    }

    void libraryStoresScreenImagesWithMetadata() {
        // Outcomes with only the 8-bit screen image (no float pixels) are stored too.
        QTemporaryDir dir;
        auto library = std::make_shared<CoreImageLibrary>(dir.filePath(QStringLiteral("out")));
        GalleryModel gallery(library);
        QSignalSpy added(&gallery, &GalleryModel::added);
        for (quint32 seed : {7u, 4294967295u}) {
            GenerationOutcome outcome;
            outcome.settings.setPrompt(QStringLiteral("a teapot"));
            outcome.settings.setSeed(seed);
            outcome.settings.seedMode = SeedMode::Fixed;
            outcome.image = QImage(32, 24, QImage::Format_RGB888);
            outcome.image.fill(Qt::blue);
            outcome.modelName = QStringLiteral("tiny-pixart-sigma");
            gallery.addOutcome(outcome);
            QVERIFY(added.wait(60000));
        }
        const LibraryEntry last = added.last().first().value<LibraryEntry>();
        QVERIFY(QFileInfo::exists(last.imagePath));
        QCOMPARE(last.width, 32);
        const auto restored = ImageMetadataReader::read(last.imagePath);
        QVERIFY(restored.has_value());
        QCOMPARE(restored->prompt(), QStringLiteral("a teapot"));
        QCOMPARE(restored->seed(), 4294967295u);

        // A second instance reads the history back: persistence across runs.
        CoreImageLibrary reopened(dir.filePath(QStringLiteral("out")));
        const auto entries = reopened.entries({}, false);
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].settings.seed(), 4294967295u);  // newest first
        const auto prompts = reopened.prompts(PromptOrder::MostUsed, {});
        QCOMPARE(prompts.size(), 1);
        QCOMPARE(prompts[0].uses, 2);
        reopened.remove(entries[0].id);
        QVERIFY(!QFileInfo::exists(entries[0].imagePath));
        QCOMPARE(CoreImageLibrary(dir.filePath(QStringLiteral("out"))).entries({}, false).size(),
                 1);
    }

    void coreLibraryBehindTheModels() {
        QTemporaryDir dir;
        auto library = std::make_shared<CoreImageLibrary>(dir.filePath(QStringLiteral("lib")));
        QVERIFY(library->openReport().isEmpty());
        GalleryModel gallery(library);
        HistoryModel history(library);
        QSignalSpy added(&gallery, &GalleryModel::added);
        const QList<QPair<QString, quint32> > jobs = {
            {QStringLiteral("a desert cactus"), 1u},
            {QStringLiteral("a snowy owl"), 2u},
            {QStringLiteral("a desert cactus"), 4294967295u}};
        for (const auto& [prompt, seed] : jobs) {
            GenerationOutcome outcome;
            outcome.settings.setPrompt(prompt);
            outcome.settings.setSeed(seed);
            outcome.settings.request.steps = 14;
            outcome.settings.request.width = 300;  // requested; the image is the binned size here
            outcome.settings.request.height = 200;
            pixart::Image full;
            full.width = 16;
            full.height = 8;
            full.pixels.assign(16 * 8 * 3, 0.25f);
            outcome.full = std::make_shared<const pixart::Image>(full);
            outcome.image = QImage(16, 8, QImage::Format_RGB888);
            outcome.modelName = QStringLiteral("tiny-pixart-sigma");
            gallery.addOutcome(outcome);
            QVERIFY(added.wait(60000));
        }
        const LibraryEntry newest = added.last().first().value<LibraryEntry>();
        QCOMPARE(newest.settings.seed(), 4294967295u);
        QCOMPARE(newest.settings.request.width, 300);  // the request, from our JSON
        QCOMPARE(newest.width, 16);                    // the image
        QVERIFY(QFileInfo::exists(newest.imagePath));
        const QImage stored(newest.imagePath);
        QCOMPARE(stored.depth(), 64);  // 16 bits per channel
        // Written by the core exporter: sRGB profile and a resolution, like an export.
        const pixart::ImageFileInfo info = pixart::read_image_info(newest.imagePath.toStdString());
        QCOMPARE(info.bit_depth, 16);
        QVERIFY(std::abs(info.ppi - pixart::kLibraryImagePpi) < 0.05);  // PNG: px per metre
        QVERIFY2(info.icc_description.find("sRGB") != std::string::npos,
                 info.icc_description.c_str());
        QVERIFY(info.text_fields.count("parameters") == 1);
        const auto restored = ImageMetadataReader::read(newest.imagePath);
        QVERIFY(restored.has_value());
        QCOMPARE(restored->seed(), 4294967295u);

        QSignalSpy refreshed(&gallery, &GalleryModel::refreshed);
        gallery.setSearch(QStringLiteral("cact"));  // FTS prefix search
        QVERIFY(refreshed.wait(60000));
        QCOMPARE(gallery.rowCount(), 2);
        QCOMPARE(gallery.entryAt(0).id, newest.id);  // newest first

        QSignalSpy historyRefreshed(&history, &HistoryModel::refreshed);
        history.setOrder(PromptOrder::MostUsed);
        QVERIFY(historyRefreshed.wait(60000));
        QCOMPARE(history.rowCount(), 2);
        QCOMPARE(history.entryAt(0).prompt, QStringLiteral("a desert cactus"));
        QCOMPARE(history.entryAt(0).uses, 2);
        QCOMPARE(history.entryAt(0).lastSettings.seed(), 4294967295u);  // use again: exact seed
        QCOMPARE(history.entryAt(0).lastSettings.request.steps, 14);

        refreshed.clear();
        gallery.remove(newest.id);
        QVERIFY(refreshed.wait(60000));
        QCOMPARE(gallery.rowCount(), 1);
        QVERIFY(!QFileInfo::exists(newest.imagePath));
    }

    void jobQueueStates() {
        JobQueueModel model;
        for (quint64 id = 1; id <= 3; ++id) {
            GenerationJob job;
            job.id = id;
            job.settings.setSeed(static_cast<quint32>(100 + id));
            model.addJob(job);
        }
        QCOMPARE(model.pendingCount(), 3);
        model.setState(1, JobState::Running);
        QCOMPARE(model.pendingCount(), 2);
        model.setState(1, JobState::Completed);
        QCOMPARE(model.rowOf(1), 2);  // finished jobs sink below live ones
        model.removeJob(3);
        QCOMPARE(model.rowCount(), 2);
        model.setState(2, JobState::Cancelled);
        QCOMPARE(model.rowOf(2), 0);  // newest finished first
        QCOMPARE(model.stateOf(2), JobState::Cancelled);
        QCOMPARE(model.index(0).data(JobQueueModel::SeedRole).toUInt(), 102u);
    }
};

QTEST_MAIN(TestHistoryModel)
#include "test_history_model.moc"
