#include "FolderImageLibrary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QSaveFile>
#include <algorithm>

#include "LibraryImageWriter.h"
#include "api/errors.h"

namespace pixart::ui {
namespace {

QJsonObject toJson(const LibraryEntry& e) {
    QJsonObject o;
    o[QStringLiteral("id")] = static_cast<double>(e.id);
    o[QStringLiteral("file")] = QFileInfo(e.imagePath).fileName();
    o[QStringLiteral("settings")] = e.settings.toJson();
    o[QStringLiteral("model")] = e.modelName;
    o[QStringLiteral("created")] = e.created.toString(Qt::ISODateWithMs);
    o[QStringLiteral("favourite")] = e.favourite;
    o[QStringLiteral("width")] = e.width;
    o[QStringLiteral("height")] = e.height;
    return o;
}

LibraryEntry fromJson(const QJsonObject& o, const QDir& folder) {
    LibraryEntry e;
    e.id = static_cast<qint64>(o.value(QStringLiteral("id")).toDouble());
    e.imagePath = folder.filePath(o.value(QStringLiteral("file")).toString());
    e.settings = GenerationSettings::fromJson(o.value(QStringLiteral("settings")).toObject());
    e.modelName = o.value(QStringLiteral("model")).toString();
    e.created =
        QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
    e.favourite = o.value(QStringLiteral("favourite")).toBool();
    e.width = o.value(QStringLiteral("width")).toInt();
    e.height = o.value(QStringLiteral("height")).toInt();
    return e;
}

void writeAtomically(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw pixart::Error(pixart::ErrorKind::Io,
                            (path + QStringLiteral(": ") + file.errorString()).toStdString());
}

}  // namespace

FolderImageLibrary::FolderImageLibrary(const QString& folder) : folder_(folder) {}

QString FolderImageLibrary::indexPath() const {
    return QDir(folder_).filePath(QStringLiteral("library.json"));
}

void FolderImageLibrary::loadLocked() {
    if (loaded_) return;
    loaded_ = true;
    QFile file(indexPath());
    if (!file.open(QIODevice::ReadOnly)) return;  // a new folder: an empty library
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    nextId_ =
        std::max<qint64>(1, static_cast<qint64>(root.value(QStringLiteral("next_id")).toDouble(1)));
    const QDir dir(folder_);
    for (const auto& value : root.value(QStringLiteral("entries")).toArray()) {
        LibraryEntry e = fromJson(value.toObject(), dir);
        if (e.id <= 0 || !QFileInfo::exists(e.imagePath)) continue;  // deleted behind our back
        nextId_ = std::max(nextId_, e.id + 1);
        entries_.append(e);
    }
}

void FolderImageLibrary::saveLocked() {
    QJsonArray array;
    for (const auto& e : entries_) array.append(toJson(e));
    QJsonObject root;
    root[QStringLiteral("version")] = 1;
    root[QStringLiteral("next_id")] = static_cast<double>(nextId_);
    root[QStringLiteral("entries")] = array;
    writeAtomically(indexPath(), QJsonDocument(root).toJson(QJsonDocument::Indented));
}

QList<LibraryEntry> FolderImageLibrary::entries(const QString& search, bool favouritesOnly) {
    QMutexLocker lock(&mutex_);
    loadLocked();
    QList<LibraryEntry> result;
    for (auto it = entries_.crbegin(); it != entries_.crend(); ++it) {
        if (favouritesOnly && !it->favourite) continue;
        if (!search.isEmpty() && !it->settings.prompt.contains(search, Qt::CaseInsensitive))
            continue;
        result.append(*it);
    }
    return result;
}

LibraryEntry FolderImageLibrary::add(const GenerationOutcome& outcome) {
    QMutexLocker lock(&mutex_);
    loadLocked();
    if (!QDir().mkpath(folder_))
        throw pixart::Error(pixart::ErrorKind::Io,
                            (folder_ + QStringLiteral(": cannot create the folder")).toStdString());
    LibraryEntry e;
    e.id = nextId_++;
    e.settings = outcome.settings;
    e.modelName = outcome.modelName;
    e.created = QDateTime::currentDateTime();
    e.width = outcome.image.width();
    e.height = outcome.image.height();
    const QString name = QStringLiteral("pixart-%1-%2-%3.png")
                             .arg(e.created.toString(QStringLiteral("yyyyMMdd-HHmmss")))
                             .arg(e.id)
                             .arg(e.settings.seed);
    e.imagePath = QDir(folder_).filePath(name);

    // Write beside, then rename: a crash never leaves a half-written image under the final name.
    const QString partial = e.imagePath + QStringLiteral(".partial.png");
    LibraryImageWriter::writePng(partial, outcome);
    if (!QFile::rename(partial, e.imagePath)) {
        QFile::remove(partial);
        throw pixart::Error(pixart::ErrorKind::Io,
                            (e.imagePath + QStringLiteral(": cannot be written")).toStdString());
    }
    entries_.append(e);
    saveLocked();
    return e;
}

void FolderImageLibrary::setFavourite(qint64 id, bool favourite) {
    QMutexLocker lock(&mutex_);
    loadLocked();
    for (auto& e : entries_) {
        if (e.id == id) {
            e.favourite = favourite;
            saveLocked();
            return;
        }
    }
}

void FolderImageLibrary::remove(qint64 id) {
    QMutexLocker lock(&mutex_);
    loadLocked();
    for (int i = 0; i < entries_.size(); ++i) {
        if (entries_[i].id == id) {
            QFile::remove(entries_[i].imagePath);
            entries_.removeAt(i);
            saveLocked();
            return;
        }
    }
}

QList<PromptHistoryEntry> FolderImageLibrary::prompts(PromptOrder order, const QString& search) {
    QList<LibraryEntry> all;
    {
        QMutexLocker lock(&mutex_);
        loadLocked();
        all = entries_;
    }
    return summarizePrompts(all, order, search);
}

QList<PromptHistoryEntry> FolderImageLibrary::summarizePrompts(const QList<LibraryEntry>& entries,
                                                               PromptOrder order,
                                                               const QString& search) {
    QHash<QString, int> byPrompt;
    QList<PromptHistoryEntry> result;
    for (const auto& e : entries) {
        const QString& prompt = e.settings.prompt;
        if (!search.isEmpty() && !prompt.contains(search, Qt::CaseInsensitive)) continue;
        auto it = byPrompt.find(prompt);
        if (it == byPrompt.end()) {
            it = byPrompt.insert(prompt, result.size());
            result.append(PromptHistoryEntry{prompt, 0, e.created, e.settings});
        }
        PromptHistoryEntry& h = result[*it];
        ++h.uses;
        if (e.created >= h.lastUsed) {
            h.lastUsed = e.created;
            h.lastSettings = e.settings;
        }
    }
    std::stable_sort(result.begin(), result.end(),
                     [order](const PromptHistoryEntry& a, const PromptHistoryEntry& b) {
                         if (order == PromptOrder::MostUsed && a.uses != b.uses)
                             return a.uses > b.uses;
                         return a.lastUsed > b.lastUsed;
                     });
    return result;
}

}  // namespace pixart::ui
