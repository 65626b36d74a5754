// pixart-studio — PixArt Studio's desktop application.
//   pixart-studio [--model DIR] [--prompt TEXT] [--generate]
#include <QApplication>
#include <QIcon>
#include <QSettings>

#include "CoreMetaTypes.h"
#include "MainWindow.h"
#include "StudioOptions.h"
#include "StudioResources.h"
#include "StudioSettings.h"
#include "Theme.h"

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
    return QApplication::exec();
}
