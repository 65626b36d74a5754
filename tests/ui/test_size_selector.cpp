// Size presets = the loaded checkpoint's bins (tiny model: sample_size 32, the 256 px table),
// orientation swap, and a custom size that names the bin it will generate at.
#include <QComboBox>
#include <QMenu>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <cmath>

#include "UiTestSupport.h"
#include "api/aspect_ratios.h"
#include "api/model_info.h"
#include "settings/AspectRatioPresets.h"
#include "widgets/SizeSelector.h"

using namespace pixart::ui;

class TestSizeSelector : public QObject {
    Q_OBJECT

  private:
    AspectRatioPresets tinyPresets() {
        const pixart::ModelInfo info = pixart::inspect_model(test::tinyModelDir().toStdString());
        return AspectRatioPresets(info.sample_size, info.bins);
    }

  private Q_SLOTS:
    void presetsAreTheModelsBins() {
        PIXART_REQUIRE_SHARED_QT();
        const pixart::ModelInfo info = pixart::inspect_model(test::tinyModelDir().toStdString());
        QCOMPARE(info.sample_size, 32);
        const auto& expected = pixart::aspect_ratio_bins(32);
        SizeSelector selector;
        selector.setPresets(AspectRatioPresets(info.sample_size, info.bins));
        for (size_t i = 0; i < expected.size(); ++i) {
            const auto& p = selector.presets().presets()[int(i)];
            QCOMPARE(p.size, QSize(expected[i].width, expected[i].height));
            QCOMPARE(p.ratio, QString::fromStdString(expected[i].ratio));
        }
        // The list: the ratios people ask for, each at its nearest bin with the exact size,
        // then every bin behind "All trained sizes…", then Custom (issue 15, item 11).
        const auto named = selector.presets().named(false);
        QVERIFY(named.size() >= 5);
        QCOMPARE(selector.presetBox()->count(), named.size() + 2);
        QCOMPARE(selector.presetBox()->itemText(named.size()),
                 QStringLiteral("All trained sizes…"));
        QCOMPARE(selector.presetBox()->itemText(named.size() + 1), QStringLiteral("Custom…"));
        const QStringList names = {QStringLiteral("1:1"), QStringLiteral("3:2"),
                                   QStringLiteral("16:9"), QStringLiteral("21:9")};
        for (const QString& name : names) {
            int row = -1;
            for (int i = 0; i < named.size(); ++i)
                if (named[i].name == name) row = i;
            QVERIFY2(row >= 0, qPrintable(name));
            const double ratio = name == QStringLiteral("1:1")    ? 1.0
                                 : name == QStringLiteral("3:2")  ? 1.5
                                 : name == QStringLiteral("16:9") ? 16.0 / 9.0
                                                                  : 21.0 / 9.0;
            // diffusers' own choice of bin for that ratio, shown with its exact pixel size.
            const auto bin =
                pixart::nearest_aspect_ratio_bin(32, 1000, int(std::lround(ratio * 1000)));
            QCOMPARE(selector.presets().presets()[named[row].index].size,
                     QSize(bin.width, bin.height));
            QVERIFY2(selector.presetBox()->itemText(row).contains(
                         QStringLiteral("%1 × %2").arg(bin.width).arg(bin.height)),
                     qPrintable(selector.presetBox()->itemText(row)));
        }
        // Every bin is under "All trained sizes…"; choosing one selects it, shown as itself.
        selector.showAllSizes();
        QVERIFY(selector.allSizesMenu());
        QCOMPARE(selector.allSizesMenu()->actions().size(), int(expected.size()));
        selector.allSizesMenu()->actions().first()->trigger();
        QCOMPARE(selector.size(), QSize(512, 128));
        QVERIFY(!selector.isCustom());
        QVERIFY(selector.presetBox()->currentText().contains(QStringLiteral("512 × 128")));
        selector.setSize(QSize(256, 256));
        // The 256 px table: first and last keys as in diffusers' ASPECT_RATIO_256_BIN.
        QCOMPARE(selector.presets().presets().first().size, QSize(512, 128));
        QCOMPARE(selector.presets().presets().last().size, QSize(128, 512));
        // A new model selects its native square.
        QCOMPARE(selector.size(), QSize(256, 256));
        QVERIFY(!selector.isCustom());
        QVERIFY(selector.presetBox()->currentText().startsWith(QStringLiteral("1:1")));
    }

    void swapOrientation() {
        PIXART_REQUIRE_SHARED_QT();
        SizeSelector selector;
        selector.setPresets(tinyPresets());
        selector.setSize(QSize(336, 192));  // 0.57 bin, landscape (≈ 16:9)
        QVERIFY(!selector.isCustom());
        QVERIFY(selector.presetBox()->currentText().startsWith(QStringLiteral("16:9")));
        QSignalSpy changed(&selector, &SizeSelector::sizeChanged);
        QTest::mouseClick(selector.swapButton(), Qt::LeftButton);
        QCOMPARE(selector.size(), QSize(192, 336));
        QVERIFY(!selector.isCustom());
        QCOMPARE(changed.count(), 1);
        // The list turned with it: portrait names.
        QVERIFY2(selector.presetBox()->currentText().startsWith(QStringLiteral("9:16")),
                 qPrintable(selector.presetBox()->currentText()));
        QTest::mouseClick(selector.swapButton(), Qt::LeftButton);
        QCOMPARE(selector.size(), QSize(336, 192));
        // Every preset swaps to a preset (exact mirror, or nearest where the table has none).
        const auto presets = selector.presets();
        for (int i = 0; i < presets.presets().size(); ++i) QVERIFY(presets.swappedIndex(i) >= 0);
    }

    void customSizeShowsBin_data() {
        QTest::addColumn<QSize>("requested");
        QTest::newRow("3:2") << QSize(300, 200);
        QTest::newRow("tall") << QSize(200, 520);
        QTest::newRow("square-ish") << QSize(264, 248);
    }
    void customSizeShowsBin() {
        PIXART_REQUIRE_SHARED_QT();
        QFETCH(QSize, requested);
        SizeSelector selector;
        selector.setPresets(tinyPresets());
        selector.setSize(requested);
        QVERIFY(selector.isCustom());
        QVERIFY(selector.widthBox()->isEnabled());
        const auto bin =
            pixart::nearest_aspect_ratio_bin(32, requested.height(), requested.width());
        QCOMPARE(selector.generatedSize(), QSize(bin.width, bin.height));
        QVERIFY2(selector.note().contains(QStringLiteral("%1 × %2").arg(bin.width).arg(bin.height)),
                 qPrintable(selector.note()));
        QCOMPARE(selector.size(), requested);
    }

    void editingCustomSizeUpdatesNote() {
        PIXART_REQUIRE_SHARED_QT();
        SizeSelector selector;
        selector.setPresets(tinyPresets());
        selector.presetBox()->setCurrentIndex(selector.presetBox()->count() - 1);
        selector.setSize(QSize(256, 256));  // a bin: back to a preset
        QVERIFY(!selector.isCustom());
        selector.setSize(QSize(400, 200));
        QVERIFY(selector.isCustom());
        selector.heightBox()->setValue(400);
        const auto bin = pixart::nearest_aspect_ratio_bin(32, 400, 400);
        QCOMPARE(selector.generatedSize(), QSize(bin.width, bin.height));
    }

    void ratioNames() {
        QCOMPARE(AspectRatioPresets::ratioName(QSize(1024, 1024)), QStringLiteral("1:1"));
        QCOMPARE(AspectRatioPresets::ratioName(QSize(1344, 768)), QStringLiteral("16:9"));
        QCOMPARE(AspectRatioPresets::ratioName(QSize(768, 1344)), QStringLiteral("9:16"));
        QCOMPARE(AspectRatioPresets::ratioName(QSize(1152, 896)), QStringLiteral("1.29:1"));
        QCOMPARE(AspectRatioPresets::ratioName(QSize(896, 1152)), QStringLiteral("1:1.29"));
    }
};

QTEST_MAIN(TestSizeSelector)
#include "test_size_selector.moc"
