#include "A1111Parameters.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace pixart::ui {
namespace {

const QList<QPair<QString, QString>>& samplerNames() {
    static const QList<QPair<QString, QString>> names = {
        {QStringLiteral("dpm++2m"), QStringLiteral("DPM++ 2M")},
        {QStringLiteral("dpm++2m-sde"), QStringLiteral("DPM++ 2M SDE")},
        {QStringLiteral("euler"), QStringLiteral("Euler")},
        {QStringLiteral("euler-a"), QStringLiteral("Euler a")},
        {QStringLiteral("ddim"), QStringLiteral("DDIM")},
        {QStringLiteral("unipc"), QStringLiteral("UniPC")},
    };
    return names;
}

QString quoteIfNeeded(const QString& value) {
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char(':')) &&
        !value.contains(QLatin1Char('\n')))
        return value;
    // A one-element JSON array gives a correctly escaped JSON string.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

}  // namespace

QString A1111Parameters::samplerDisplayName(const QString& sampler) {
    for (const auto& [ours, theirs] : samplerNames())
        if (ours == sampler) return theirs;
    return sampler;
}

QString A1111Parameters::samplerFromDisplayName(const QString& name) {
    for (const auto& [ours, theirs] : samplerNames())
        if (theirs.compare(name, Qt::CaseInsensitive) == 0 || ours == name) return ours;
    return name;
}

QString A1111Parameters::format(const GenerationSettings& s, const QSize& size,
                                const QString& modelName) {
    QString text = s.prompt;
    if (!s.negativePrompt.isEmpty())
        text += QStringLiteral("\nNegative prompt: ") + s.negativePrompt;
    QStringList pairs;
    pairs << QStringLiteral("Steps: %1").arg(s.steps)
          << QStringLiteral("Sampler: %1").arg(quoteIfNeeded(samplerDisplayName(s.sampler)))
          << QStringLiteral("CFG scale: %1").arg(s.guidance)
          << QStringLiteral("Seed: %1").arg(s.seed)
          << QStringLiteral("Size: %1x%2").arg(size.width()).arg(size.height());
    if (!modelName.isEmpty()) pairs << QStringLiteral("Model: %1").arg(quoteIfNeeded(modelName));
    pairs << QStringLiteral("RNG: CPU");
    return text + QLatin1Char('\n') + pairs.join(QStringLiteral(", "));
}

QMap<QString, QString> A1111Parameters::parseLine(const QString& line) {
    QMap<QString, QString> pairs;
    int i = 0;
    const int n = line.size();
    while (i < n) {
        while (i < n && (line[i] == QLatin1Char(' ') || line[i] == QLatin1Char(','))) ++i;
        const int colon = line.indexOf(QLatin1Char(':'), i);
        if (colon < 0) break;
        const QString key = line.mid(i, colon - i).trimmed();
        i = colon + 1;
        while (i < n && line[i] == QLatin1Char(' ')) ++i;
        QString value;
        if (i < n && line[i] == QLatin1Char('"')) {
            int end = i + 1;
            while (end < n && line[end] != QLatin1Char('"'))
                end += line[end] == QLatin1Char('\\') ? 2 : 1;
            const QString quoted = line.mid(i, end - i + 1);
            const QJsonDocument doc =
                QJsonDocument::fromJson(QStringLiteral("[%1]").arg(quoted).toUtf8());
            value = doc.isArray() ? doc.array().at(0).toString() : quoted;
            i = end + 1;
        } else {
            const int comma = line.indexOf(QLatin1Char(','), i);
            const int end = comma < 0 ? n : comma;
            value = line.mid(i, end - i).trimmed();
            i = end;
        }
        if (key.isEmpty() || key.contains(QLatin1Char('\n'))) return {};
        pairs.insert(key, value);
    }
    return pairs.size() >= 3 ? pairs : QMap<QString, QString>{};
}

std::optional<GenerationSettings> A1111Parameters::parse(const QString& text) {
    QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    if (lines.isEmpty()) return std::nullopt;
    const QMap<QString, QString> pairs = parseLine(lines.last());
    if (pairs.isEmpty() || !pairs.contains(QStringLiteral("Steps"))) return std::nullopt;
    lines.removeLast();

    GenerationSettings s;
    QStringList prompt, negative;
    bool inNegative = false;
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1String("Negative prompt:"))) {
            inNegative = true;
            negative << line.mid(16).trimmed();
        } else {
            (inNegative ? negative : prompt) << line;
        }
    }
    s.prompt = prompt.join(QLatin1Char('\n'));
    s.negativePrompt = negative.join(QLatin1Char('\n'));

    bool ok = false;
    const int steps = pairs.value(QStringLiteral("Steps")).toInt(&ok);
    if (ok && steps > 0) s.steps = steps;
    const double cfg = pairs.value(QStringLiteral("CFG scale")).toDouble(&ok);
    if (ok) s.guidance = cfg;
    if (pairs.contains(QStringLiteral("Sampler")))
        s.sampler = samplerFromDisplayName(pairs.value(QStringLiteral("Sampler")));
    const qulonglong seed = pairs.value(QStringLiteral("Seed")).toULongLong(&ok);
    if (ok && seed <= 4294967295ull) s.seed = static_cast<quint32>(seed);
    const QStringList size = pairs.value(QStringLiteral("Size")).split(QLatin1Char('x'));
    if (size.size() == 2) {
        const int w = size[0].toInt(&ok);
        const int h = ok ? size[1].toInt(&ok) : 0;
        if (ok && w > 0 && h > 0) {
            s.width = w;
            s.height = h;
        }
    }
    s.seedMode = SeedMode::Fixed;
    return s;
}

}  // namespace pixart::ui
