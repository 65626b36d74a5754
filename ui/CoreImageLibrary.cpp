#include "CoreImageLibrary.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMutexLocker>
#include <exception>

#include "LibraryImageWriter.h"
#include "api/errors.h"
#include "api/generation_library.h"
#include "api/history_record.h"

namespace pixart::ui {
namespace {

// The studio's own fields the history has no column for (the requested size, the seed mode),
// kept in the record's extra_json.
QJsonObject studioFields(const GenerationOutcome& outcome) {
    QJsonObject json = outcome.settings.toJson();
    json[QStringLiteral("model")] = outcome.modelName;
    json[QStringLiteral("rng")] = QStringLiteral("cpu");
    json[QStringLiteral("generated_width")] = outcome.generatedWidth;
    json[QStringLiteral("generated_height")] = outcome.generatedHeight;
    json[QStringLiteral("seconds")] = outcome.seconds;
    return json;
}

}  // namespace

QDateTime fromHistoryTimestamp(const std::string& text) {
    QDateTime t = QDateTime::fromString(QString::fromStdString(text), Qt::ISODateWithMs);
    return t.isValid() ? t.toLocalTime() : t;
}

CoreImageLibrary::CoreImageLibrary(const QString& folder)
    : library_(std::make_unique<pixart::GenerationLibrary>(folder.toStdString())) {}

CoreImageLibrary::~CoreImageLibrary() = default;

std::shared_ptr<CoreImageLibrary> CoreImageLibrary::open(const QString& folder, QString* warning) {
    if (warning) warning->clear();
    try {
        auto library = std::make_shared<CoreImageLibrary>(folder);
        if (warning) *warning = library->openReport();
        return library;
    } catch (const std::exception& e) {
        if (warning)
            *warning = QCoreApplication::translate("ImageLibrary",
                                                   "The library in %1 cannot be opened (%2); "
                                                   "images are not saved until another output "
                                                   "folder is chosen in the settings.")
                           .arg(folder, QString::fromUtf8(e.what()));
        return nullptr;
    }
}

QString CoreImageLibrary::openReport() const {
    QMutexLocker lock(&mutex_);
    return QString::fromStdString(library_->open_report());
}

LibraryEntry CoreImageLibrary::toEntry(const pixart::HistoryRecord& r) const {
    LibraryEntry e;
    e.id = r.id;
    e.imagePath = QString::fromStdString(library_->absolute_path(r.file));
    GenerationSettings& s = e.settings;
    // The studio's own fields (seed mode, requested size) ride along in extra_json.
    if (!r.extra_json.empty())
        s = GenerationSettings::fromJson(
            QJsonDocument::fromJson(QByteArray::fromStdString(r.extra_json)).object());
    s.prompt = QString::fromStdString(r.prompt);
    s.negativePrompt = QString::fromStdString(r.negative_prompt);
    s.seed = static_cast<quint32>(r.seed);  // the studio only makes 32-bit seeds
    s.steps = r.steps;
    s.guidance = r.guidance_scale;
    s.sampler = QString::fromStdString(r.sampler);
    if (s.width <= 0 || s.height <= 0) {
        s.width = r.width;
        s.height = r.height;
    }
    s.seedMode = SeedMode::Fixed;
    s.batchCount = 1;
    e.modelName = QString::fromStdString(r.model_name);
    e.created = fromHistoryTimestamp(r.created);
    e.favourite = r.favourite;
    e.width = r.width;
    e.height = r.height;
    return e;
}

QList<LibraryEntry> CoreImageLibrary::entries(const QString& search, bool favouritesOnly) {
    pixart::HistoryQuery query;
    query.text = search.toStdString();
    query.favourites_only = favouritesOnly;
    query.limit = kListLimit;
    QMutexLocker lock(&mutex_);
    QList<LibraryEntry> result;
    for (const auto& record : library_->list(query)) result.append(toEntry(record));
    return result;
}

LibraryEntry CoreImageLibrary::add(const GenerationOutcome& outcome) {
    const int width = outcome.full ? outcome.full->width : outcome.image.width();
    const int height = outcome.full ? outcome.full->height : outcome.image.height();
    pixart::GenerationMetadata metadata =
        outcome.settings.toMetadata(outcome.modelName, width, height);
    metadata.duration_seconds = outcome.seconds;
    pixart::HistoryRecord record =
        pixart::make_history_record(outcome.settings.toRequest(outcome.settings.seed), 0, 0);
    record.width = width;
    record.height = height;
    record.model_name = outcome.modelName.toStdString();
    record.model_path = outcome.modelPath.toStdString();
    record.duration_seconds = outcome.seconds;
    record.extra_json =
        QJsonDocument(studioFields(outcome)).toJson(QJsonDocument::Compact).toStdString();
    QMutexLocker lock(&mutex_);
    const std::int64_t id = library_->add(record, [&](const std::string& path) {
        LibraryImageWriter::writePng(QString::fromStdString(path), outcome, metadata);
    });
    const auto stored = library_->get(id);
    if (!stored) throw pixart::Error(pixart::ErrorKind::Internal, "the stored image vanished");
    return toEntry(*stored);
}

void CoreImageLibrary::setFavourite(qint64 id, bool favourite) {
    QMutexLocker lock(&mutex_);
    library_->set_favourite(id, favourite);
}

void CoreImageLibrary::remove(qint64 id) {
    QMutexLocker lock(&mutex_);
    library_->remove(id, true);  // the gallery asked the user first
}

QList<PromptHistoryEntry> CoreImageLibrary::prompts(PromptOrder order, const QString& search) {
    pixart::PromptQuery query;
    query.text = search.toStdString();
    query.order = order == PromptOrder::MostUsed ? pixart::PromptOrder::MostUsed
                                                 : pixart::PromptOrder::MostRecent;
    QMutexLocker lock(&mutex_);
    QList<PromptHistoryEntry> result;
    for (const auto& usage : library_->prompt_usage(query)) {
        PromptHistoryEntry h;
        h.prompt = QString::fromStdString(usage.prompt);
        h.uses = static_cast<int>(usage.uses);
        h.lastUsed = fromHistoryTimestamp(usage.last_used);
        if (const auto record = library_->get(usage.last_id))
            h.lastSettings = toEntry(*record).settings;
        result.append(h);
    }
    return result;
}

}  // namespace pixart::ui
