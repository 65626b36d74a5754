// The queue dock (issue 15, item 8): each row shows its prompt first, finished jobs can be
// cleared, and the buttons fit a narrow dock.
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "item_models/JobQueueModel.h"
#include "panels/QueuePanel.h"

using namespace pixart::ui;

namespace {

GenerationJob job(quint64 id, const QString& prompt) {
    GenerationJob j;
    j.id = id;
    j.settings.setPrompt(prompt);
    j.settings.setSeed(1000 + static_cast<quint32>(id));
    return j;
}

}  // namespace

class TestJobQueue : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void rowsShowThePromptFirst() {
        JobQueueModel model;
        model.addJob(job(7, QStringLiteral("a lighthouse at dusk")));
        const QString text = model.index(0).data().toString();
        QVERIFY2(text.startsWith(QStringLiteral("a lighthouse at dusk\n")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("#7 queued · seed 1007")));
    }

    void clearFinishedForgetsOnlyJobsThatEnded() {
        JobQueueModel model;
        QueuePanel panel(&model);
        for (quint64 id = 1; id <= 4; ++id) model.addJob(job(id, QStringLiteral("p%1").arg(id)));
        QVERIFY(!panel.clearButton()->isEnabled());
        model.setState(1, JobState::Completed);
        model.setState(2, JobState::Failed, QStringLiteral("out of memory"));
        model.setState(3, JobState::Running);
        QCOMPARE(model.finishedCount(), 2);
        QVERIFY(panel.clearButton()->isEnabled());
        QVERIFY(panel.cancelButton()->isEnabled());  // job 3 runs
        panel.clearButton()->click();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(1), -1);
        QCOMPARE(model.rowOf(2), -1);
        QVERIFY(model.rowOf(3) >= 0 && model.rowOf(4) >= 0);
        QVERIFY(!panel.clearButton()->isEnabled());
    }

    void theButtonsFitANarrowDock() {
        JobQueueModel model;
        QueuePanel panel(&model);
        QVERIFY2(panel.minimumSizeHint().width() <= 300,
                 qPrintable(QString::number(panel.minimumSizeHint().width())));
    }
};

QTEST_MAIN(TestJobQueue)
#include "test_job_queue.moc"
