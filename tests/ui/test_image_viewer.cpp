// The gallery's viewer: ←/→ through the images (newest first), zoom in/out/fit, copy.
#include <QApplication>
#include <QClipboard>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "image_library/CoreImageLibrary.h"
#include "item_models/GalleryModel.h"
#include "support/Theme.h"
#include "widgets/ImageViewer.h"

using namespace pixart::ui;

class TestImageViewer : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void navigateZoomCopy() {
        QTemporaryDir dir;
        auto library = std::make_shared<CoreImageLibrary>(dir.path());
        const QList<QColor> colours = {Qt::red, Qt::green, Qt::blue};
        for (int i = 0; i < colours.size(); ++i) {
            GenerationOutcome outcome;
            outcome.settings.setPrompt(QStringLiteral("image %1").arg(i));
            outcome.settings.setSeed(static_cast<quint32>(i));
            outcome.image = QImage(64, 48, QImage::Format_RGB888);
            outcome.image.fill(colours[i]);
            library->add(outcome);
        }
        GalleryModel model(library);
        QSignalSpy refreshed(&model, &GalleryModel::refreshed);
        model.refresh();
        QVERIFY(refreshed.wait(60000));
        QCOMPARE(model.rowCount(), 3);

        ImageViewer viewer(&model);
        viewer.show();
        QApplication::setActiveWindow(&viewer);
        QVERIFY(QTest::qWaitForWindowActive(&viewer));
        viewer.showRow(0);
        QCOMPARE(viewer.currentRow(), 0);
        QTest::keyClick(&viewer, Qt::Key_Right);
        QCOMPARE(viewer.currentRow(), 1);
        QTest::keyClick(&viewer, Qt::Key_Right);
        QTest::keyClick(&viewer, Qt::Key_Right);  // stays on the last image
        QCOMPARE(viewer.currentRow(), 2);
        QTest::keyClick(&viewer, Qt::Key_Left);
        QCOMPARE(viewer.currentRow(), 1);
        QVERIFY(viewer.windowTitle().contains(QStringLiteral("2 of 3")));

        // The image loads off the GUI thread; then Ctrl+C puts exactly it on the clipboard.
        QTRY_VERIFY_WITH_TIMEOUT(
            !viewer.image().isNull() && QColor(viewer.image().pixel(0, 0)) == QColor(Qt::green),
            60000);
        QTest::keyClick(&viewer, Qt::Key_C, Qt::ControlModifier);
        const QImage copied = QApplication::clipboard()->image();
        QCOMPARE(copied.size(), QSize(64, 48));
        QCOMPARE(QColor(copied.pixel(10, 10)), QColor(Qt::green));  // row 1 = second newest

        const double fitted = viewer.zoom();
        QTest::keyClick(&viewer, Qt::Key_Plus);
        QVERIFY(viewer.zoom() > fitted * 1.2);
        QTest::keyClick(&viewer, Qt::Key_Minus);
        QTest::keyClick(&viewer, Qt::Key_Minus);
        QVERIFY(viewer.zoom() < fitted);
        QTest::keyClick(&viewer, Qt::Key_0);
        QCOMPARE(viewer.zoom(), fitted);
        QTest::keyClick(&viewer, Qt::Key_1);
        QCOMPARE(viewer.zoom(), 1.0);
        QCOMPARE(viewer.zoomText(), QStringLiteral("100 %"));
        QVERIFY(viewer.smoothScaling());
        // Above 100 %: nearest-neighbour, the zoom shown.
        QTest::keyClick(&viewer, Qt::Key_Plus);
        QTest::keyClick(&viewer, Qt::Key_Plus);
        QVERIFY(!viewer.smoothScaling());
        QCOMPARE(viewer.zoomText(), QStringLiteral("156 %"));  // 1.25 x 1.25
        // The Fit and 100 % buttons do what 0 and 1 do.
        auto button = [&](const QString& text) {
            for (auto* b : viewer.findChildren<QPushButton*>())
                if (b->text() == text) return b;
            return static_cast<QPushButton*>(nullptr);
        };
        QVERIFY(button(QStringLiteral("Fit")) && button(QStringLiteral("100 %")));
        button(QStringLiteral("Fit"))->click();
        QCOMPARE(viewer.zoom(), fitted);
        button(QStringLiteral("100 %"))->click();
        QCOMPARE(viewer.zoom(), 1.0);
        // A neutral surround: no hue.
        const QColor grey = neutralSurround();
        QVERIFY(grey.red() == grey.green() && grey.green() == grey.blue());
    }
};

QTEST_MAIN(TestImageViewer)
#include "test_image_viewer.moc"
