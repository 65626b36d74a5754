// The studio's command line: pixart-studio [--model DIR] [--prompt TEXT] [--generate]
// [--self-check] [IMAGE...] (the desktop file opens images with %F).
#pragma once

#include <QString>
#include <QStringList>

namespace pixart::ui {

struct StudioOptions {
    QString modelDir;  // overrides the remembered model
    QString prompt;
    bool generate = false;  // start one generation as soon as the model is loaded
    // Open the main window, report and quit (exit 0): CI runs the README's run command with
    // PIXART_STUDIO_SELF_CHECK=1 under xvfb-run; --self-check does the same.
    bool selfCheck = false;
    // Images to open: shown in the preview, their generation settings restored (as dropping
    // them on the window does).
    QStringList files;

    // Parses arguments (argv[0] first); --help and --version print and exit the process. Needs
    // only a QCoreApplication, so help works without a display (main parses before the GUI).
    static StudioOptions parse(const QStringList& arguments);
};

}  // namespace pixart::ui
