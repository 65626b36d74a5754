// The main window opens images it is given (the desktop file's %F, the command line, a drop):
// shown in the preview, their generation settings restored (issue 15, item 3).
#include <QMenuBar>
#include <QScreen>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

#include "MainWindow.h"
#include "api/generation_library.h"
#include "api/generation_metadata.h"
#include "api/image_export.h"
#include "item_models/GalleryModel.h"
#include "panels/PromptPanel.h"
#include "settings/StudioOptions.h"
#include "settings/StudioSettings.h"

using namespace pixart::ui;

namespace {

// A small PNG carrying our metadata, as the library and pixart-cli write them.
QString writeGeneratedPng(const QTemporaryDir& dir) {
    pixart::Image image;
    image.width = 64;
    image.height = 48;
    image.pixels.assign(static_cast<std::size_t>(64 * 48 * 3), 0.25f);
    pixart::GenerationRequest request;
    request.prompts = {"a lighthouse at dusk, oil painting"};
    request.negative_prompt = "blurry";
    request.seed = 123456;
    request.steps = 17;
    request.guidance_scale = 3.5;
    pixart::GenerationMetadata metadata = pixart::metadata_for(request, 0, 0, "tiny");
    metadata.width = 64;
    metadata.height = 48;
    const QString path = dir.filePath(QStringLiteral("lighthouse.png"));
    pixart::export_image(image, metadata, path.toStdString(), pixart::library_image_options());
    return path;
}

StudioSettings settingsIn(const QTemporaryDir& dir) {
    StudioSettings settings;
    settings.outputFolder = dir.filePath(QStringLiteral("library"));
    settings.modelPath.clear();  // no model: the window opens on its welcome page
    return settings;
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void opensAnImageFromTheCommandLineAndRestoresItsSettings() {
        QTemporaryDir dir;
        StudioOptions options;
        options.files = {dir.filePath(QStringLiteral("missing.png")), writeGeneratedPng(dir)};
        MainWindow window(settingsIn(dir), options);
        QSignalSpy opened(&window, &MainWindow::imageFileOpened);
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.first().at(0).toString(), options.files.at(1));  // the first readable
        QCOMPARE(opened.first().at(1).toBool(), true);
        const GenerationSettings restored = window.promptPanel()->settings();
        QCOMPARE(restored.prompt(), QStringLiteral("a lighthouse at dusk, oil painting"));
        QCOMPARE(restored.negativePrompt(), QStringLiteral("blurry"));
        QCOMPARE(restored.seed(), 123456u);
        QCOMPARE(restored.request.steps, 17);
        QCOMPARE(restored.seedMode, SeedMode::Fixed);
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("seed 123456")));
    }

    void saysSoWhenAFileCannotBeOpened() {
        QTemporaryDir dir;
        StudioOptions options;
        MainWindow window(settingsIn(dir), options);
        const QString before = window.promptPanel()->settings().prompt();
        window.openImageFiles({dir.filePath(QStringLiteral("nothing-here.png"))});
        QVERIFY(QTest::qWaitFor(
            [&] {
                return window.statusBar()->currentMessage().contains(QStringLiteral("Cannot open"));
            },
            10000));
        QCOMPARE(window.promptPanel()->settings().prompt(), before);  // nothing lost
    }

    void generateIsThePrimaryActionOfTheWindow() {
        QTemporaryDir dir;
        MainWindow window(settingsIn(dir), StudioOptions{});
        QToolBar* toolbar = window.findChild<QToolBar*>(QStringLiteral("generateToolBar"));
        QVERIFY(toolbar);
        QVERIFY(!toolbar->actions().isEmpty());
        QAction* generate = toolbar->actions().first();
        QCOMPARE(generate->iconText(), QStringLiteral("Generate"));
        QVERIFY(!generate->isEnabled());  // no model yet
        QVERIFY(toolbar->widgetForAction(generate)->objectName() ==
                QStringLiteral("primaryAction"));
        bool inMenu = false;
        for (QAction* menu : window.menuBar()->actions())
            if (menu->menu() && menu->menu()->actions().contains(generate)) inMenu = true;
        QVERIFY(inMenu);
        QVERIFY(generate->text().contains(QStringLiteral("Ctrl+Return")));
    }

    // A 1280x720 screen (and a 1366x768 laptop's) holds the whole window (issue 15, item 5).
    void fitsA1280x720Screen() {
        QTemporaryDir dir;
        MainWindow window(settingsIn(dir), StudioOptions{});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
        QVERIFY2(
            minimum.width() <= 1280 && minimum.height() <= 720,
            qPrintable(QStringLiteral("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
        window.resize(1280, 720);
        QVERIFY(QTest::qWaitFor([&] { return window.size() == QSize(1280, 720); }, 2000));
    }

    // The first window is no larger than the screen's work area (1400x900 where that fits).
    void theFirstWindowFitsTheScreen() {
        QTemporaryDir dir;
        MainWindow window(settingsIn(dir), StudioOptions{});
        const QSize available = window.screen()->availableGeometry().size();
        QVERIFY(window.width() <= std::max(available.width(), window.minimumSizeHint().width()));
        QVERIFY(window.height() <= std::max(available.height(), window.minimumSizeHint().height()));
        QVERIFY(window.width() <= 1400 && window.height() <= 900);
    }

    // The library opens on the thread pool (a repair can take seconds), then the gallery shows
    // what it holds (issue 15: every library call off the GUI thread).
    void opensTheLibraryOffTheGuiThread() {
        QTemporaryDir dir;
        const StudioSettings settings = settingsIn(dir);
        {
            pixart::GenerationLibrary library(settings.outputFolder.toStdString());
            pixart::HistoryRecord record;
            record.metadata.prompt = "already there";
            record.metadata.width = record.metadata.height = 64;
            library.add(record, [](const std::string& path) {
                QImage image(64, 64, QImage::Format_RGB888);
                image.fill(Qt::red);
                image.save(QString::fromStdString(path));
            });
        }
        MainWindow window(settings, StudioOptions{});
        QSignalSpy opened(&window, &MainWindow::libraryOpened);
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.first().at(0).toString(), QString());  // no warning
        auto* gallery = window.findChild<GalleryModel*>();
        QVERIFY(gallery);
        QTRY_COMPARE_WITH_TIMEOUT(gallery->rowCount(), 1, 10000);
    }

    void theTitleIsTheModelNotTheApplicationTwice() {
        QTemporaryDir dir;
        MainWindow window(settingsIn(dir), StudioOptions{});
        // Qt appends the application's display name itself.
        QVERIFY(!window.windowTitle().contains(QStringLiteral("PixArt Studio")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
