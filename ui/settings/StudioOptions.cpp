#include "settings/StudioOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace pixart::ui {

StudioOptions StudioOptions::parse(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "StudioOptions", "PixArt Studio: text-to-image with PixArt-Sigma"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption model(
        QStringList{QStringLiteral("m"), QStringLiteral("model")},
        QCoreApplication::translate("StudioOptions",
                                    "Open this model folder (or Hugging Face repository id)."),
        QStringLiteral("DIR"));
    const QCommandLineOption prompt(
        QStringList{QStringLiteral("p"), QStringLiteral("prompt")},
        QCoreApplication::translate("StudioOptions", "Start with this prompt."),
        QStringLiteral("TEXT"));
    const QCommandLineOption generate(
        QStringList{QStringLiteral("g"), QStringLiteral("generate")},
        QCoreApplication::translate("StudioOptions",
                                    "Generate one image as soon as the model is loaded."));
    const QCommandLineOption selfCheck(
        QStringLiteral("self-check"),
        QCoreApplication::translate("StudioOptions",
                                    "Open the main window, report and quit (also: "
                                    "PIXART_STUDIO_SELF_CHECK=1)."));
    parser.addOption(model);
    parser.addOption(prompt);
    parser.addOption(generate);
    parser.addOption(selfCheck);
    parser.addPositionalArgument(
        QStringLiteral("images"),
        QCoreApplication::translate("StudioOptions",
                                    "Images to open: shown, with the settings they were made "
                                    "with restored."),
        QStringLiteral("[IMAGE...]"));
    parser.process(arguments);

    StudioOptions options;
    options.modelDir = parser.value(model);
    options.prompt = parser.value(prompt);
    options.generate = parser.isSet(generate);
    options.files = parser.positionalArguments();
    const QByteArray env = qgetenv("PIXART_STUDIO_SELF_CHECK");
    options.selfCheck = parser.isSet(selfCheck) || (!env.isEmpty() && env != "0");
    return options;
}

}  // namespace pixart::ui
