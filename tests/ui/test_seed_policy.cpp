// Seed modes (random / fixed / increment), the full 0 … 2^32-1 range of the seed box, the dice,
// and the seeds a batch gets through the prompt panel.
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include "panels/PromptPanel.h"
#include "settings/SeedPolicy.h"
#include "widgets/SeedSpinBox.h"

using namespace pixart::ui;

namespace {
// A "random" source that hands out a known sequence.
SeedPolicy::RandomSource sequence(QList<quint32> values) {
    auto shared = std::make_shared<QList<quint32>>(std::move(values));
    return [shared] { return shared->isEmpty() ? 0u : shared->takeFirst(); };
}
}  // namespace

class TestSeedPolicy : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void plan_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<quint32>("shown");
        QTest::addColumn<int>("count");
        QTest::addColumn<QList<quint32>>("seeds");
        QTest::addColumn<quint32>("nextShown");
        const auto R = static_cast<int>(SeedMode::Random);
        const auto F = static_cast<int>(SeedMode::Fixed);
        const auto I = static_cast<int>(SeedMode::Increment);
        // Random draws 1000 (the test source) and shows it, so it can be fixed afterwards.
        QTest::newRow("random") << R << 42u << 1 << QList<quint32>{1000} << 1000u;
        QTest::newRow("random batch") << R << 42u << 3 << QList<quint32>{1000, 1001, 1002} << 1000u;
        QTest::newRow("fixed") << F << 42u << 1 << QList<quint32>{42} << 42u;
        QTest::newRow("fixed batch") << F << 42u << 2 << QList<quint32>{42, 43} << 42u;
        QTest::newRow("increment") << I << 42u << 1 << QList<quint32>{42} << 43u;
        QTest::newRow("increment batch") << I << 42u << 3 << QList<quint32>{42, 43, 44} << 45u;
        QTest::newRow("increment wraps")
            << I << 4294967295u << 2 << QList<quint32>{4294967295u, 0} << 1u;
        QTest::newRow("count 0 means 1") << F << 7u << 0 << QList<quint32>{7} << 7u;
    }
    void plan() {
        QFETCH(int, mode);
        QFETCH(quint32, shown);
        QFETCH(int, count);
        QFETCH(QList<quint32>, seeds);
        QFETCH(quint32, nextShown);
        const SeedPolicy policy(sequence({1000}));
        const auto plan = policy.plan(static_cast<SeedMode>(mode), shown, count);
        QCOMPARE(plan.seeds, seeds);
        QCOMPARE(plan.nextShown, nextShown);
    }

    void realRandomSeedsDiffer() {
        const SeedPolicy policy;  // QRandomGenerator
        QSet<quint32> seen;
        for (int i = 0; i < 8; ++i) seen.insert(policy.plan(SeedMode::Random, 0, 1).seeds[0]);
        QVERIFY(seen.size() > 1);
    }

    void parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<quint32>("value");
        QTest::newRow("zero") << "0" << true << 0u;
        QTest::newRow("max") << "4294967295" << true << 4294967295u;
        QTest::newRow("past int max") << "3000000000" << true << 3000000000u;
        QTest::newRow("2^32") << "4294967296" << false << 0u;
        QTest::newRow("negative") << "-1" << false << 0u;
        QTest::newRow("letters") << "12ab" << false << 0u;
        QTest::newRow("empty") << "" << false << 0u;
        QTest::newRow("eleven digits") << "00000000001" << false << 0u;
    }
    void parse() {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(quint32, value);
        quint32 parsed = 0;
        QCOMPARE(SeedSpinBox::parse(text, &parsed), ok);
        if (ok) QCOMPARE(parsed, value);
    }

    void spinBoxCoversFullRange() {
        SeedSpinBox box;
        QSignalSpy changed(&box, &SeedSpinBox::valueChanged);
        box.setValue(4294967294u);
        box.stepBy(5);  // clamps at the top instead of wrapping or overflowing int
        QCOMPARE(box.value(), 4294967295u);
        QCOMPARE(box.text(), QStringLiteral("4294967295"));
        box.stepBy(-1);
        QCOMPARE(box.value(), 4294967294u);
        QCOMPARE(changed.count(), 3);
        box.setValue(0);
        box.stepBy(-3);
        QCOMPARE(box.value(), 0u);

        // Typing: an out-of-range number is refused, a valid one is taken.
        auto* edit = box.findChild<QLineEdit*>();
        QVERIFY(edit);
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("4294967296"));
        QCOMPARE(box.value(), 429496729u);  // the last digit was rejected by the validator
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("3735928559"));
        QCOMPARE(box.value(), 3735928559u);
    }

    void panelBatchFollowsMode() {
        PromptPanel panel;
        panel.setSeedPolicy(SeedPolicy(sequence({777, 888})));
        panel.seedBox()->setValue(10);
        auto setMode = [&](SeedMode m) {
            panel.seedModeBox()->setCurrentIndex(
                panel.seedModeBox()->findData(static_cast<int>(m)));
        };

        setMode(SeedMode::Fixed);
        GenerationSettings s = panel.settings();
        s.batchCount = 2;
        panel.applySettings(s);
        QList<GenerationSettings> batch = panel.takeBatch();
        QCOMPARE(batch.size(), 2);
        QCOMPARE(batch[0].seed(), 10u);
        QCOMPARE(batch[1].seed(), 11u);
        QCOMPARE(panel.seedBox()->value(), 10u);

        setMode(SeedMode::Increment);
        batch = panel.takeBatch();
        QCOMPARE(batch[0].seed(), 10u);
        QCOMPARE(panel.seedBox()->value(), 12u);  // moved past both seeds used
        batch = panel.takeBatch();
        QCOMPARE(batch[0].seed(), 12u);

        setMode(SeedMode::Random);
        batch = panel.takeBatch();
        QCOMPARE(batch[0].seed(), 777u);
        QCOMPARE(batch[1].seed(), 778u);
        QCOMPARE(panel.seedBox()->value(), 777u);  // the seed actually used is shown

        QTest::mouseClick(panel.diceButton(), Qt::LeftButton);
        QCOMPARE(panel.seedBox()->value(), 888u);
    }
};

QTEST_MAIN(TestSeedPolicy)
#include "test_seed_policy.moc"
