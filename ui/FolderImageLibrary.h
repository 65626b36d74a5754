// The library until the core's SQLite one is wired in: PNGs (with A1111 `parameters` and our
// JSON as text chunks) plus an index file, library.json, in the output folder. Writes are
// atomic (QSaveFile); every call takes a mutex, so worker threads may share one instance.
#pragma once

#include <QList>
#include <QMutex>
#include <QString>

#include "ImageLibrary.h"

namespace pixart::ui {

class FolderImageLibrary : public ImageLibrary {
  public:
    explicit FolderImageLibrary(const QString& folder);

    const QString& folder() const { return folder_; }

    QList<LibraryEntry> entries(const QString& search, bool favouritesOnly) override;
    LibraryEntry add(const GenerationOutcome& outcome) override;
    void setFavourite(qint64 id, bool favourite) override;
    void remove(qint64 id) override;
    QList<PromptHistoryEntry> prompts(PromptOrder order, const QString& search) override;

    // Groups entries by prompt: uses, last use, settings of the newest (shared with tests).
    static QList<PromptHistoryEntry> summarizePrompts(const QList<LibraryEntry>& entries,
                                                      PromptOrder order, const QString& search);

  private:
    void loadLocked();
    void saveLocked();
    QString indexPath() const;

    QMutex mutex_;
    QString folder_;
    bool loaded_ = false;
    qint64 nextId_ = 1;
    QList<LibraryEntry> entries_;  // oldest first, as stored
};

}  // namespace pixart::ui
