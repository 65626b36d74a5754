// The image info dock (issue 15, item 6): how an image was made, copy buttons, use again, export.
#include <QApplication>
#include <QClipboard>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "api/generation_metadata.h"
#include "panels/ImageInfoPanel.h"

using namespace pixart::ui;

namespace {

QPushButton* button(ImageInfoPanel& panel, const QString& text) {
    for (auto* b : panel.findChildren<QPushButton*>())
        if (b->text() == text) return b;
    return nullptr;
}

LibraryEntry entry() {
    GenerationSettings s;
    s.setPrompt(QStringLiteral("a lighthouse at dusk"));
    s.setNegativePrompt(QStringLiteral("blurry"));
    s.setSeed(4242);
    s.request.steps = 28;
    s.request.guidance_scale = 5.5;
    s.setSampler(QStringLiteral("sa_solver"));
    LibraryEntry e;
    e.id = 3;
    e.imagePath = QStringLiteral("/library/lighthouse.png");
    e.settings = s;
    e.modelName = QStringLiteral("PixArt-Sigma-XL-2-1024-MS");
    e.width = 1344;
    e.height = 768;
    e.created = QDateTime(QDate(2026, 12, 6), QTime(10, 30), Qt::UTC);
    e.metadata = s.toMetadata(e.modelName, 1344, 768);
    e.metadata.duration_seconds = 12.5;
    return e;
}

}  // namespace

class TestImageInfoPanel : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void showsHowTheImageWasMade() {
        ImageInfoPanel panel;
        QVERIFY(!button(panel, QStringLiteral("Use again"))->isEnabled());  // nothing shown yet
        panel.showEntry(entry());
        const QString details = panel.detailsText();
        for (const QString& part :
             {QStringLiteral("Seed 4242"), QStringLiteral("1344 × 768 px"),
              QStringLiteral("28 steps"), QStringLiteral("guidance 5.5"),
              QStringLiteral("SA-Solver"), QStringLiteral("PixArt-Sigma-XL-2-1024-MS"),
              QStringLiteral("in 12.5 s")})
            QVERIFY2(details.contains(part), qPrintable(part + QStringLiteral(" in ") + details));
        QVERIFY(button(panel, QStringLiteral("Use again"))->isEnabled());
    }

    void copiesAndActions() {
        ImageInfoPanel panel;
        panel.showEntry(entry());
        button(panel, QStringLiteral("Copy seed"))->click();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("4242"));
        button(panel, QStringLiteral("Copy prompt"))->click();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("a lighthouse at dusk"));
        button(panel, QStringLiteral("Copy parameters"))->click();
        const QString parameters = QApplication::clipboard()->text();
        QVERIFY2(
            parameters.startsWith(QStringLiteral("a lighthouse at dusk\nNegative prompt: blurry")),
            qPrintable(parameters));
        QVERIFY(parameters.contains(QStringLiteral("Seed: 4242")));

        QSignalSpy useAgain(&panel, &ImageInfoPanel::useAgainRequested);
        QSignalSpy exported(&panel, &ImageInfoPanel::exportRequested);
        button(panel, QStringLiteral("Use again"))->click();
        button(panel, QStringLiteral("Export for print…"))->click();
        QCOMPARE(useAgain.count(), 1);
        QCOMPARE(useAgain.first().at(0).value<GenerationSettings>().seed(), 4242u);
        QCOMPARE(exported.count(), 1);
    }
};

QTEST_MAIN(TestImageInfoPanel)
#include "test_image_info_panel.moc"
