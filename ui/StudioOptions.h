// The studio's command line: pixart-studio [--model DIR] [--prompt TEXT] [--generate].
#pragma once

#include <QString>
#include <QStringList>

namespace pixart::ui {

struct StudioOptions {
    QString modelDir;  // overrides the remembered model
    QString prompt;
    bool generate = false;  // start one generation as soon as the model is loaded

    // Parses arguments (argv[0] first); --help and --version print and exit the process.
    static StudioOptions parse(const QStringList& arguments);
};

}  // namespace pixart::ui
