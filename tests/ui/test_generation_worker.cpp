// GenerationWorker on its one inference thread: model loading (and its errors), one progress
// signal per step with previews, Queued → Running → Completed | Failed | Cancelled, cancel
// mid-way with the next job still running, removal before a job starts, and image-to-image
// (its picture read on the worker, "Refine for print" at twice the size, a missing picture).
#include <QDir>
#include <QFile>
#include <QMap>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <algorithm>

#include "UiTestSupport.h"
#include "inference/GenerationWorker.h"
#include "inference/InferenceThread.h"

using namespace pixart::ui;

namespace {

GenerationSettings tinyJob(int steps, quint32 seed) {
    GenerationSettings s;
    s.setPrompt(QStringLiteral("a small cactus with a happy face in the sahara desert"));
    s.request.steps = steps;
    s.setSeed(seed);
    s.seedMode = SeedMode::Fixed;
    return s;  // width/height 0: the model's native size
}

}  // namespace

class TestGenerationWorker : public QObject {
    Q_OBJECT

  private:
    // Opens the tiny model on the inference thread; false (with a message) when it fails.
    static bool openTiny(GenerationWorker* worker, pixart::ModelInfo* info = nullptr) {
        QSignalSpy loaded(worker, &GenerationWorker::modelLoaded);
        QSignalSpy failed(worker, &GenerationWorker::modelFailed);
        pixart::EngineOptions options;
        options.threads = 2;
        options.preview_interval = 1;
        worker->requestOpenModel(test::tinyModelDir(), options);
        if (!QTest::qWaitFor([&] { return !loaded.isEmpty() || !failed.isEmpty(); }, 30000)) {
            qWarning("model did not load in time");
            return false;
        }
        if (!failed.isEmpty()) {
            qWarning("%s", qPrintable(failed.first().first().toString()));
            return false;
        }
        if (info) *info = loaded.first().first().value<pixart::ModelInfo>();
        return true;
    }

  private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void badModelFolderFailsReadably() {
        InferenceThread inference;
        QSignalSpy failed(inference.worker(), &GenerationWorker::modelFailed);
        QSignalSpy loading(inference.worker(), &GenerationWorker::modelLoading);
        inference.worker()->requestOpenModel(QStringLiteral("/nonexistent/model"), {});
        QVERIFY(failed.wait(60000));
        QCOMPARE(loading.count(), 1);
        const QString message = failed.first().first().toString();
        QVERIFY2(message.startsWith(QStringLiteral("The model folder cannot be used")) ||
                     message.contains(QStringLiteral("/nonexistent/model")),
                 qPrintable(message));
        QVERIFY(!inference.worker()->hasModel());
    }

    void jobWithoutModelFails() {
        InferenceThread inference;
        QSignalSpy started(inference.worker(), &GenerationWorker::jobStarted);
        QSignalSpy failed(inference.worker(), &GenerationWorker::jobFailed);
        QSignalSpy drained(inference.worker(), &GenerationWorker::queueDrained);
        const quint64 id = inference.worker()->enqueue(tinyJob(2, 1));
        QVERIFY(failed.wait(60000));
        QCOMPARE(started.count(), 1);
        QCOMPARE(failed.first().at(0).toULongLong(), id);
        QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("No model")));
        QVERIFY(drained.count() == 1 || drained.wait(60000));
    }

    void removeBeforeStart() {
        // The thread starts only after the queue is set up, so nothing can start early.
        QThread thread;
        GenerationWorker worker;
        worker.moveToThread(&thread);
        QSignalSpy queued(&worker, &GenerationWorker::jobQueued);
        QSignalSpy removed(&worker, &GenerationWorker::jobRemoved);
        QSignalSpy started(&worker, &GenerationWorker::jobStarted);
        QSignalSpy drained(&worker, &GenerationWorker::queueDrained);
        const quint64 a = worker.enqueue(tinyJob(2, 1));
        const quint64 b = worker.enqueue(tinyJob(2, 2));
        const quint64 c = worker.enqueue(tinyJob(2, 3));
        QCOMPARE(queued.count(), 3);
        QVERIFY(a < b && b < c);
        QCOMPARE(worker.queuedJobs().size(), 3);
        QVERIFY(worker.remove(b));
        QVERIFY(!worker.remove(b));  // already gone
        QCOMPARE(removed.count(), 1);
        QCOMPARE(worker.queuedJobs().size(), 2);
        thread.start();
        QVERIFY(drained.wait(60000));
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.at(0).first().toULongLong(), a);
        QCOMPARE(started.at(1).first().toULongLong(), c);
        QVERIFY(!worker.remove(a));  // finished jobs cannot be removed
        thread.quit();
        thread.wait();
    }

    void modelInfoFromTinyModel() {
        PIXART_REQUIRE_SHARED_QT();
        InferenceThread inference;
        pixart::ModelInfo info;
        QVERIFY(openTiny(inference.worker(), &info));
        QCOMPARE(info.sample_size, 32);
        QCOMPARE(info.native_width, 256);
        QVERIFY(!info.bins.empty());
        QVERIFY(inference.worker()->hasModel());
    }

    void progressEveryStepAndPreview() {
        PIXART_REQUIRE_SHARED_QT();
        InferenceThread inference;
        GenerationWorker* worker = inference.worker();
        QVERIFY(openTiny(worker));
        QSignalSpy progress(worker, &GenerationWorker::jobProgress);
        QSignalSpy previews(worker, &GenerationWorker::jobPreview);
        QSignalSpy completed(worker, &GenerationWorker::jobCompleted);
        QSignalSpy failed(worker, &GenerationWorker::jobFailed);
        QSignalSpy plans(worker, &GenerationWorker::jobPlan);
        QSignalSpy loads(worker, &GenerationWorker::jobStageProgress);
        // Signals come from the inference thread, never the GUI thread.
        QThread* emitter = nullptr;
        connect(
            worker, &GenerationWorker::jobStarted, worker,
            [&emitter](quint64) { emitter = QThread::currentThread(); }, Qt::DirectConnection);

        constexpr int kSteps = 4;
        const quint64 id = worker->enqueue(tinyJob(kSteps, 42));
        QVERIFY(QTest::qWaitFor([&] { return !completed.isEmpty() || !failed.isEmpty(); }, 120000));
        if (!failed.isEmpty()) {
            const QString message = failed.first().at(1).toString();
            if (message.startsWith(QStringLiteral("Not supported")))
                QSKIP(qPrintable(QStringLiteral("pipeline not in this build yet: ") + message));
            QFAIL(qPrintable(message));
        }
        QCOMPARE(emitter, inference.thread());
        QCOMPARE(progress.count(), kSteps);
        for (int i = 0; i < kSteps; ++i) {
            QCOMPARE(progress.at(i).at(0).toULongLong(), id);
            QCOMPARE(progress.at(i).at(1).toInt(), i + 1);
            QCOMPARE(progress.at(i).at(2).toInt(), kSteps);
            QVERIFY(progress.at(i).at(3).toDouble() >= 0.0);
        }
        QCOMPARE(progress.last().at(3).toDouble(), 0.0);  // nothing left after the last step
        // The memory plan, once, naming how T5 ran and the estimated peak.
        QCOMPARE(plans.count(), 1);
        QCOMPARE(plans.first().at(0).toULongLong(), id);
        const QString plan = plans.first().at(1).toString();
        QVERIFY2(plan.contains(QStringLiteral("T5")) || plan.contains(QStringLiteral("cache")),
                 qPrintable(plan));
        QVERIFY2(plan.contains(QStringLiteral("peak ~")), qPrintable(plan));
        // Every network's load from 0 to 100 %, rising, under its stage's name.
        QMap<QString, QList<int>> loaded;
        for (const auto& signal : loads) {
            QCOMPARE(signal.at(0).toULongLong(), id);
            loaded[signal.at(1).toString()].append(signal.at(2).toInt());
        }
        for (const QString& stage :
             {QStringLiteral("loading transformer"), QStringLiteral("loading VAE")}) {
            const QList<int> percents = loaded.value(stage);
            QVERIFY2(percents.size() >= 2, qPrintable(stage));
            QCOMPARE(percents.first(), 0);
            QCOMPARE(percents.last(), 100);
            QVERIFY(std::is_sorted(percents.begin(), percents.end()));
        }
        QVERIFY(previews.count() >= 1);
        const QImage preview = previews.first().at(1).value<QImage>();
        QCOMPARE(preview.size(), QSize(32, 32));  // 1/8 of 256 px

        const auto outcome = completed.first().first().value<GenerationOutcome>();
        QCOMPARE(outcome.jobId, id);
        QCOMPARE(outcome.settings.seed(), 42u);
        QCOMPARE(outcome.image.size(), QSize(256, 256));
        QVERIFY(outcome.full);
        QCOMPARE(outcome.full->width, 256);
        QCOMPARE(outcome.full->pixels.size(), size_t(256 * 256 * 3));
    }

    void imageToImageAndRefineForPrint() {
        PIXART_REQUIRE_SHARED_QT();
        InferenceThread inference;
        GenerationWorker* worker = inference.worker();
        QVERIFY(openTiny(worker));
        QSignalSpy progress(worker, &GenerationWorker::jobProgress);
        QSignalSpy completed(worker, &GenerationWorker::jobCompleted);
        QSignalSpy failed(worker, &GenerationWorker::jobFailed);
        const QString inputs =
            QDir(test::sharedDir()).filePath(QStringLiteral("golden/img2img_inputs"));

        // Variations-style: the picture's own size (128x96), half of 4 steps run.
        GenerationSettings job = tinyJob(4, 7);
        job.initImagePath = QDir(inputs).filePath(QStringLiteral("i0_dpm_s0.3_cfg_nonsq.png"));
        job.request.strength = 0.5;
        worker->enqueue(job);
        // Refine for print: twice the picture's size (96x64 -> 192x128).
        GenerationSettings refine = tinyJob(4, 7);
        refine.initImagePath = QDir(inputs).filePath(QStringLiteral("i2_euler_s0.6_cfg_nonsq.png"));
        refine.request.strength = 0.5;
        refine.refine = true;
        // On the print model (Settings): another folder, opened for the job (a link to the tiny
        // model here), the loaded model's weights freed meanwhile.
        QTemporaryDir links;
        const QString printModel = links.filePath(QStringLiteral("print-model"));
        QVERIFY(QFile::link(test::tinyModelDir(), printModel));
        refine.modelPath = printModel;
        worker->enqueue(refine);
        GenerationSettings noPrintModel = refine;
        noPrintModel.modelPath = QStringLiteral("/nonexistent/print-model");
        worker->enqueue(noPrintModel);
        // A picture that is gone: the job fails with its name, the worker goes on.
        GenerationSettings gone = tinyJob(2, 7);
        gone.initImagePath = QStringLiteral("/nonexistent/picture.png");
        worker->enqueue(gone);
        QVERIFY(QTest::qWaitFor([&] { return completed.count() + failed.count() == 4; }, 180000));
        QCOMPARE(completed.count(), 2);
        QCOMPARE(failed.count(), 2);
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("print-model")),
                 qPrintable(failed.at(0).at(1).toString()));
        QVERIFY2(failed.at(1).at(1).toString().contains(QStringLiteral("/nonexistent/picture.png")),
                 qPrintable(failed.at(1).at(1).toString()));

        const auto first = completed.at(0).first().value<GenerationOutcome>();
        QCOMPARE(first.image.size(), QSize(128, 96));
        // The file's hash is recorded for the metadata ("use again" checks it).
        QCOMPARE(
            first.settings.initImageSha256,
            QStringLiteral("0d85ed4fa6bb67cfb3626629c9f57866feb83fe066690ce4f1d032e189a1e27d"));
        const auto second = completed.at(1).first().value<GenerationOutcome>();
        QCOMPARE(second.image.size(), QSize(192, 128));
        QVERIFY(second.settings.refine);
        QVERIFY2(second.modelPath.contains(QStringLiteral("print-model")),
                 qPrintable(second.modelPath));
        QVERIFY(!first.modelPath.contains(QStringLiteral("print-model")));
        const pixart::GenerationMetadata m =
            second.settings.toMetadata(QStringLiteral("tiny"), 192, 128);
        QCOMPARE(m.strength, 0.5);
        QCOMPARE(QString::fromStdString(m.init_image), refine.initImagePath);
        QCOMPARE(GenerationSettings::fromMetadata(m).refine, true);
        // int(4 * 0.5) = 2 steps each, counted from 1 of 2.
        QCOMPARE(progress.count(), 4);
        QCOMPARE(progress.at(0).at(1).toInt(), 1);
        QCOMPARE(progress.at(0).at(2).toInt(), 2);
    }

    void cancelMidwayThenNextJobRuns() {
        PIXART_REQUIRE_SHARED_QT();
        InferenceThread inference;
        GenerationWorker* worker = inference.worker();
        QVERIFY(openTiny(worker));
        QSignalSpy progress(worker, &GenerationWorker::jobProgress);
        QSignalSpy cancelled(worker, &GenerationWorker::jobCancelled);
        QSignalSpy completed(worker, &GenerationWorker::jobCompleted);
        QSignalSpy failed(worker, &GenerationWorker::jobFailed);
        quint64 first = 0;
        // Cancel at step 2 of the first job, exactly (a direct connection runs on the inference
        // thread inside the step callback; the token is what the GUI's Esc flips too).
        connect(
            worker, &GenerationWorker::jobProgress, worker,
            [worker, &first](quint64 id, int step, int, double) {
                if (id == first && step == 2) worker->cancelRunning();
            },
            Qt::DirectConnection);
        first = worker->enqueue(tinyJob(20, 7));
        const quint64 second = worker->enqueue(tinyJob(3, 8));
        QVERIFY(QTest::qWaitFor(
            [&] { return (!cancelled.isEmpty() && !completed.isEmpty()) || !failed.isEmpty(); },
            120000));
        if (!failed.isEmpty()) {
            const QString message = failed.first().at(1).toString();
            if (message.startsWith(QStringLiteral("Not supported")))
                QSKIP(qPrintable(QStringLiteral("pipeline not in this build yet: ") + message));
            QFAIL(qPrintable(message));
        }
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(cancelled.first().first().toULongLong(), first);
        int firstSteps = 0;
        for (const auto& p : progress) firstSteps += p.at(0).toULongLong() == first ? 1 : 0;
        QVERIFY2(firstSteps >= 2 && firstSteps <= 3, qPrintable(QString::number(firstSteps)));
        QCOMPARE(completed.count(), 1);
        QCOMPARE(completed.first().first().value<GenerationOutcome>().jobId, second);
    }
};

QTEST_MAIN(TestGenerationWorker)
#include "test_generation_worker.moc"
