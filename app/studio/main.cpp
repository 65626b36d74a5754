// pixart-studio — PixArt Studio's desktop application.
//   pixart-studio [--model DIR] [--prompt TEXT] [--generate] [--self-check] [IMAGE...]
#include <QApplication>
#include <QCoreApplication>
#include <QIcon>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <string>

#include "MainWindow.h"
#include "inference/CoreMetaTypes.h"
#include "settings/StudioOptions.h"
#include "settings/StudioSettings.h"
#include "support/StudioResources.h"
#include "support/Theme.h"

namespace {

void describeApplication() {
    QCoreApplication::setApplicationName(QStringLiteral("pixart-studio"));
    QCoreApplication::setOrganizationName(QStringLiteral("pixart-studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PIXART_VERSION));
}

// --help, --version: printed and the process exits, without a GUI.
bool asksForHelpOrVersion(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-?" || arg == "-v" ||
            arg == "--version")
            return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    // Help and version need no display (over ssh, in a container): a QApplication without one
    // would abort before the parser could print them.
    if (asksForHelpOrVersion(argc, argv)) {
        QCoreApplication parsing(argc, argv);
        describeApplication();
        pixart::ui::StudioOptions::parse(QCoreApplication::arguments());  // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("PixArt Studio"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.pixart_studio.PixArtStudio"));
    pixart::ui::initStudioResources();
    pixart::ui::registerMetaTypes();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/pixart-studio-256.png")));

    // After QApplication took its own options (-platform, -style …) out of the arguments.
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
