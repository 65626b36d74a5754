#include "settings/StudioSettings.h"

#include "settings/SeedPolicy.h"

#include <QDir>
#include <QJsonDocument>
#include <QSettings>
#include <QStandardPaths>
#include <algorithm>

#include "api/errors.h"

namespace pixart::ui {

QString StudioSettings::defaultOutputFolder() {
    QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (pictures.isEmpty()) pictures = QDir::homePath();
    return QDir(pictures).filePath(QStringLiteral("PixArt Studio"));
}

pixart::EngineOptions StudioSettings::engineOptions() const {
    pixart::EngineOptions options;
    options.device = device.toStdString();
    options.threads = threads;
    options.release_text_encoder = releaseTextEncoder;
    try {
        options.text_encoder_mode = pixart::parse_text_encoder_mode(textEncoderMode.toStdString());
    } catch (const pixart::Error&) {
        options.text_encoder_mode = pixart::TextEncoderMode::Auto;  // a hand-edited settings file
    }
    options.preview_interval = previewInterval;
    return options;
}

StudioSettings StudioSettings::load(QSettings& s) {
    StudioSettings r;
    r.modelPath = s.value(QStringLiteral("model/path")).toString();
    r.printModelPath = s.value(QStringLiteral("model/print_path")).toString();
    r.loraFolder = s.value(QStringLiteral("lora/folder")).toString();
    r.outputFolder = s.value(QStringLiteral("output/folder"), defaultOutputFolder()).toString();
    r.device = s.value(QStringLiteral("engine/device"), r.device).toString();
    r.threads = std::max(0, s.value(QStringLiteral("engine/threads"), r.threads).toInt());
    r.releaseTextEncoder =
        s.value(QStringLiteral("engine/releaseTextEncoder"), r.releaseTextEncoder).toBool();
    r.textEncoderMode =
        s.value(QStringLiteral("engine/textEncoderMode"), r.textEncoderMode).toString();
    r.previewInterval =
        std::max(0, s.value(QStringLiteral("engine/previewInterval"), r.previewInterval).toInt());
    r.theme = themeFromName(s.value(QStringLiteral("ui/theme")).toString());
    const QByteArray json = s.value(QStringLiteral("generation/last")).toByteArray();
    if (!json.isEmpty())
        r.lastGeneration = GenerationSettings::fromJson(QJsonDocument::fromJson(json).object());
    else  // first start: Random mode shows the random seed the first press will use, not 0
        r.lastGeneration.setSeed(SeedPolicy().randomSeed());
    r.windowGeometry = s.value(QStringLiteral("window/geometry")).toByteArray();
    r.windowState = s.value(QStringLiteral("window/state")).toByteArray();
    return r;
}

void StudioSettings::save(QSettings& s) const {
    s.setValue(QStringLiteral("model/path"), modelPath);
    s.setValue(QStringLiteral("model/print_path"), printModelPath);
    s.setValue(QStringLiteral("lora/folder"), loraFolder);
    s.setValue(QStringLiteral("output/folder"), outputFolder);
    s.setValue(QStringLiteral("engine/device"), device);
    s.setValue(QStringLiteral("engine/threads"), threads);
    s.setValue(QStringLiteral("engine/releaseTextEncoder"), releaseTextEncoder);
    s.setValue(QStringLiteral("engine/textEncoderMode"), textEncoderMode);
    s.setValue(QStringLiteral("engine/previewInterval"), previewInterval);
    s.setValue(QStringLiteral("ui/theme"), themeName(theme));
    s.setValue(QStringLiteral("generation/last"),
               QJsonDocument(lastGeneration.toJson()).toJson(QJsonDocument::Compact));
    s.setValue(QStringLiteral("window/geometry"), windowGeometry);
    s.setValue(QStringLiteral("window/state"), windowState);
    s.sync();
}

bool StudioSettings::operator==(const StudioSettings& o) const {
    return modelPath == o.modelPath && printModelPath == o.printModelPath &&
           loraFolder == o.loraFolder && outputFolder == o.outputFolder && device == o.device &&
           threads == o.threads && releaseTextEncoder == o.releaseTextEncoder &&
           textEncoderMode == o.textEncoderMode && previewInterval == o.previewInterval &&
           theme == o.theme && lastGeneration == o.lastGeneration &&
           windowGeometry == o.windowGeometry && windowState == o.windowState;
}

}  // namespace pixart::ui
