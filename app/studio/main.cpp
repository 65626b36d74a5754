// pixart-studio — PixArt Studio's desktop application.
//   pixart-studio [--model DIR] [--prompt TEXT] [--generate] [--self-check]
#include <QApplication>
#include <QIcon>
#include <QSettings>
#include <QTimer>
#include <cstdio>

#include "MainWindow.h"
#include "inference/CoreMetaTypes.h"
#include "settings/StudioOptions.h"
#include "settings/StudioSettings.h"
#include "support/StudioResources.h"
#include "support/Theme.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("pixart-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("PixArt Studio"));
    QApplication::setOrganizationName(QStringLiteral("pixart-studio"));
    QApplication::setApplicationVersion(QStringLiteral(PIXART_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.pixart_studio.PixArtStudio"));
    pixart::ui::initStudioResources();
    pixart::ui::registerMetaTypes();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/pixart-studio-256.png")));

    const auto options = pixart::ui::StudioOptions::parse(QApplication::arguments());
    QSettings store;
    const auto settings = pixart::ui::StudioSettings::load(store);
    pixart::ui::applyTheme(app, settings.theme);

    pixart::ui::MainWindow window(settings, options);
    window.show();
    if (options.selfCheck) {
        // Once the event loop has shown the window: what a first start needs is all there.
        QTimer::singleShot(500, &window, [&window] {
            const bool shown = window.isVisible();
            std::printf("pixart-studio %s: self-check %s (main window %s, platform %s)\n",
                        PIXART_VERSION, shown ? "passed" : "FAILED", shown ? "shown" : "not shown",
                        qPrintable(QGuiApplication::platformName()));
            std::fflush(stdout);
            QApplication::exit(shown ? 0 : 1);
        });
    }
    return QApplication::exec();
}
