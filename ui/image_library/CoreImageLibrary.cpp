#include "image_library/CoreImageLibrary.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QStringList>
#include <exception>

#include "api/finished_image.h"
#include "api/generation_library.h"
#include "api/history_record.h"
#include "support/ImageConversion.h"

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

// Which batch an image belongs to (LibraryEntry::batchKey): a studio press's id, or for an
// image of a larger noise draw (a CLI batch line) what the draw's images share. Model, seed and
// the draw's size alone would join two lines with the same seed; the settings that make a line
// one line join them.
void setBatch(LibraryEntry& e, const QString& studioBatchId, const pixart::GenerationMetadata& m) {
    if (!studioBatchId.isEmpty()) {
        e.batchKey = QStringLiteral("studio:") + studioBatchId;
        e.batchMember = static_cast<qint64>(m.seed);
    } else if (m.batch_size > 1) {
        // Joined, not QString::arg'ed: a model or sampler name with "%1" in it stays as it is.
        e.batchKey = QStringList{QStringLiteral("draw"),
                                 QString::number(m.seed),
                                 QString::number(m.batch_size),
                                 QString::fromStdString(m.model),
                                 QString::number(m.steps),
                                 QString::fromStdString(m.sampler),
                                 QString::number(m.guidance_scale),
                                 QString::number(m.width),
                                 QString::number(m.height),
                                 QString::fromStdString(m.negative_prompt)}
                         .join(QLatin1Char('\n'));
        e.batchMember = m.batch_index;
    }
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
    e.settings = GenerationSettings::fromMetadata(r.metadata);
    e.metadata = r.metadata;
    // The requested size (0 = native) rides along in extra_json; the metadata has the produced.
    GenerationSettings studio;
    if (!r.extra_json.empty()) {
        studio = GenerationSettings::fromJson(
            QJsonDocument::fromJson(QByteArray::fromStdString(r.extra_json)).object());
        if (studio.request.width > 0 && studio.request.height > 0) {
            e.settings.request.width = studio.request.width;
            e.settings.request.height = studio.request.height;
        }
    }
    setBatch(e, studio.batchId, r.metadata);
    e.modelName = QString::fromStdString(r.metadata.model);
    e.created = fromHistoryTimestamp(r.metadata.created);
    e.favourite = r.favourite;
    e.width = r.metadata.width;
    e.height = r.metadata.height;
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
    // The float image when the engine gave one; a display-only outcome (tests, imports) has
    // just its 8-bit picture.
    pixart::Image converted;
    if (!outcome.full && !outcome.image.isNull()) converted = fromQImage(outcome.image);
    const pixart::Image& image = outcome.full ? *outcome.full : converted;
    pixart::GenerationMetadata metadata =
        outcome.settings.toMetadata(outcome.modelName, image.width, image.height);
    metadata.created.clear();  // stamped as it is stored, in the history's own format
    const pixart::HistoryRecord record = pixart::finished_image_record(
        metadata, image, outcome.seconds, outcome.modelPath.toStdString(),
        QJsonDocument(studioFields(outcome)).toJson(QJsonDocument::Compact).toStdString());
    QMutexLocker lock(&mutex_);
    return toEntry(pixart::store_finished_image(*library_, record, image));
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
