// Export for print: the live summary (pixel size on the paper, effective ppi), and a real export
// off the GUI thread with the resolution and the A1111 text in the file.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "api/image_export.h"
#include "dialogs/ExportDialog.h"
#include "dialogs/ImageExporter.h"
#include "image_library/ImageMetadataReader.h"
#include "widgets/ExportPreview.h"

using namespace pixart::ui;

class TestExportDialog : public QObject {
    Q_OBJECT

  private:
    static QString makeSource(const QTemporaryDir& dir) {
        QImage image(256, 256, QImage::Format_RGB888);
        image.fill(QColor(30, 120, 200));
        const QString path = dir.filePath(QStringLiteral("source.png"));
        image.save(path);
        return path;
    }
    static GenerationSettings settings() {
        GenerationSettings s;
        s.setPrompt(QStringLiteral("a lighthouse at dusk"));
        s.setSeed(4000000000u);
        s.request.steps = 14;
        return s;
    }
    // What the library hands the dialog: the settings plus the history's own facts.
    static pixart::GenerationMetadata metadata(const GenerationSettings& s = settings()) {
        pixart::GenerationMetadata m = s.toMetadata(QStringLiteral("tiny"), 256, 256);
        m.created = "2026-11-30T08:15:42.125Z";
        m.duration_seconds = 12.5;
        return m;
    }

  private Q_SLOTS:
    void summaryFollowsPaper() {
        QTemporaryDir dir;
        ExportDialog dialog(makeSource(dir), QSize(256, 256), metadata());
        QVERIFY(dialog.summary().startsWith(QStringLiteral("256 × 256 px")));
        dialog.paperBox()->setCurrentIndex(dialog.paperBox()->findData(QStringLiteral("A5")));
        // A5 at 300 ppi is 1748 × 2480 px; filling it stretches 256 px over 210 mm: ~31 ppi.
        QVERIFY2(dialog.summary().startsWith(QStringLiteral("1748 × 2480 px")),
                 qPrintable(dialog.summary()));
        QVERIFY2(dialog.summary().contains(QStringLiteral("below 300 ppi")),
                 qPrintable(dialog.summary()));
        const ImageExporter::Plan plan = ImageExporter::plan(dialog.request(), QSize(256, 256));
        QVERIFY(plan.error.isEmpty());
        QVERIFY2(std::abs(plan.effectivePpi - 256 / (210 / 25.4)) < 0.5,
                 qPrintable(QString::number(plan.effectivePpi)));
        QVERIFY(dialog.exportButton()->isEnabled());
    }

    void exportWritesResolutionAndMetadata() {
        QTemporaryDir dir;
        ExportDialog dialog(makeSource(dir), QSize(256, 256), metadata());
        dialog.paperBox()->setCurrentIndex(dialog.paperBox()->findData(QStringLiteral("A5")));
        QSignalSpy exported(&dialog, &ExportDialog::exported);
        QSignalSpy failed(&dialog, &ExportDialog::failed);
        const QString target = dir.filePath(QStringLiteral("print.png"));
        dialog.exportTo(target);
        QVERIFY(QTest::qWaitFor([&] { return !exported.isEmpty() || !failed.isEmpty(); }, 60000));
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const QImage written(target);
        QCOMPARE(written.size(), QSize(1748, 2480));
        QCOMPARE(written.dotsPerMeterX(), 11811);  // 300 ppi
        QCOMPARE(written.depth(), 64);             // 16-bit default
        const auto restored = ImageMetadataReader::read(target);
        QVERIFY(restored.has_value());
        QCOMPARE(restored->prompt(), QStringLiteral("a lighthouse at dusk"));
        QCOMPARE(restored->seed(), 4000000000u);
        // The generation's own time and duration, not the export's (issue 15, item 12); its
        // size is the generated one (the print's is in the file's own header).
        const auto written_metadata = pixart::read_image_metadata(target.toStdString());
        QVERIFY(written_metadata.has_value());
        QCOMPARE(QString::fromStdString(written_metadata->created),
                 QStringLiteral("2026-11-30T08:15:42.125Z"));
        QCOMPARE(written_metadata->duration_seconds, 12.5);
        QCOMPARE(written_metadata->width, 256);
    }

    // The live page (issue 15, item 4): the image as it lands, the bleed tinted outside the
    // trim line, the effective ppi; it follows the fields.
    void livePagePreview() {
        QTemporaryDir dir;
        ExportDialog dialog(makeSource(dir), QSize(256, 256), metadata());
        dialog.resize(900, 600);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.preview()->page().size, QSize(256, 256));  // keep the pixel size
        QCOMPARE(dialog.preview()->page().effectivePpi, 0.0);
        dialog.paperBox()->setCurrentIndex(dialog.paperBox()->findData(QStringLiteral("A5")));
        dialog.bleedBox()->setValue(3.0);
        const ExportPreview::Page page = dialog.preview()->page();
        QVERIFY2(
            page.size.width() > 1748 && page.size.height() > 2480,
            qPrintable(QStringLiteral("%1x%2").arg(page.size.width()).arg(page.size.height())));
        QVERIFY(page.bleedPixels >= 35 && page.bleedPixels <= 36);  // 3 mm at 300 ppi = 35.4 px
        QVERIFY(page.effectivePpi > 0.0);
        // Fill crops a square source to the page's ratio: its used part is narrower.
        QVERIFY(page.crop.width() < 256 && page.crop.height() == 256);
        // Drawn: the picture's colour in the middle, the bleed band tinted at the edge.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QImage shot = dialog.preview()->grab().toImage();
                const QRect r = dialog.preview()->pageRect();
                const QColor middle = shot.pixelColor(r.center());
                const QColor edge = shot.pixelColor(r.left() + 2, r.center().y());
                // The bleed tint pulls the blue picture towards red.
                return qAbs(middle.red() - 30) < 8 && qAbs(middle.blue() - 200) < 8 &&
                       edge.red() > middle.red() + 30 && edge.blue() < middle.blue() - 30;
            }(),
            10000);
        // docs/export-dialog.png: PIXART_UI_SCREENSHOTS=DIR saves the dialog as shown here.
        if (const QByteArray out = qgetenv("PIXART_UI_SCREENSHOTS"); !out.isEmpty())
            QVERIFY(dialog.grab().save(QString::fromLocal8Bit(out) +
                                       QStringLiteral("/export-dialog.png")));
    }

    // A paper of any size (issue 15, item 4: the README promised "custom"), in millimetres.
    void customPaperSize() {
        QTemporaryDir dir;
        ExportDialog dialog(makeSource(dir), QSize(256, 256), metadata());
        dialog.paperBox()->setCurrentIndex(dialog.paperBox()->findData(QStringLiteral("custom")));
        QVERIFY(dialog.paperBox()->currentIndex() >= 0);
        dialog.customWidthBox()->setValue(200);
        dialog.customHeightBox()->setValue(300);
        QCOMPARE(dialog.request().paper, QStringLiteral("200.0x300.0mm"));
        // 200 mm at 300 ppi = 2362 px (the plan shown is the core's).
        QVERIFY2(dialog.summary().contains(QStringLiteral("2362 × 3543 px")),
                 qPrintable(dialog.summary()));
    }

    // Settings longer than a JPEG comment holds are left out of the file: the dialog says so
    // with the export instead of claiming it kept them (issue 13).
    void jpegExportSaysWhenTheSettingsDoNotFit() {
        QTemporaryDir dir;
        GenerationSettings long_settings = settings();
        long_settings.setPrompt(QString(70000, QLatin1Char('x')));
        ExportDialog dialog(makeSource(dir), QSize(256, 256), metadata(long_settings));
        dialog.formatBox()->setCurrentIndex(dialog.formatBox()->findData(QStringLiteral("jpeg")));
        QSignalSpy exported(&dialog, &ExportDialog::exported);
        QSignalSpy failed(&dialog, &ExportDialog::failed);
        dialog.exportTo(dir.filePath(QStringLiteral("long.jpg")));
        QVERIFY(QTest::qWaitFor([&] { return !exported.isEmpty() || !failed.isEmpty(); }, 60000));
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const QStringList warnings = exported.first().at(1).toStringList();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().contains(QStringLiteral("JPEG comment")),
                 qPrintable(warnings.first()));

        // A short one: no note.
        ExportDialog plain(makeSource(dir), QSize(256, 256), metadata());
        plain.formatBox()->setCurrentIndex(plain.formatBox()->findData(QStringLiteral("jpeg")));
        QSignalSpy plainExported(&plain, &ExportDialog::exported);
        plain.exportTo(dir.filePath(QStringLiteral("short.jpg")));
        QVERIFY(QTest::qWaitFor([&] { return !plainExported.isEmpty(); }, 60000));
        QVERIFY(plainExported.first().at(1).toStringList().isEmpty());
    }

    void impossibleOptionsAreRefused() {
        ExportRequest r;
        r.format = QStringLiteral("jpeg");
        r.bitDepth = 16;  // JPEG holds 8 bits
        QVERIFY(!ImageExporter::plan(r, QSize(64, 64)).error.isEmpty());
        r.bitDepth = 8;
        QVERIFY(ImageExporter::plan(r, QSize(64, 64)).error.isEmpty());
        r.format = QStringLiteral("png");
        r.cmykProfile = QStringLiteral("/some/printer.icc");  // CMYK is TIFF only
        QVERIFY(!ImageExporter::plan(r, QSize(64, 64)).error.isEmpty());
    }
};

QTEST_MAIN(TestExportDialog)
#include "test_export_dialog.moc"
