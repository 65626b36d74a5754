// Size presets = the loaded checkpoint's bins (tiny model: sample_size 32, the 256 px table),
// orientation swap, and a custom size that names the bin it will generate at.
#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

#include "UiTestSupport.h"
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
        QCOMPARE(selector.presetBox()->count(), int(expected.size()) + 1);  // + "Custom…"
        for (size_t i = 0; i < expected.size(); ++i) {
            const auto& p = selector.presets().presets()[int(i)];
            QCOMPARE(p.size, QSize(expected[i].width, expected[i].height));
            QCOMPARE(p.ratio, QString::fromStdString(expected[i].ratio));
            QVERIFY2(selector.presetBox()->itemText(int(i)).contains(
                         QStringLiteral("%1 × %2").arg(expected[i].width).arg(expected[i].height)),
                     qPrintable(selector.presetBox()->itemText(int(i))));
        }
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
