// The studio's command line: pixart-studio [--model DIR] [--prompt TEXT] [--generate]
// [--self-check].
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

    // Parses arguments (argv[0] first); --help and --version print and exit the process.
    static StudioOptions parse(const QStringList& arguments);
};

}  // namespace pixart::ui
