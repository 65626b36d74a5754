// What the gallery and history need from the generation library. The item models call it from
// worker threads (QtConcurrent), never from the GUI thread, so implementations are thread-safe.
// The studio's one implementation is CoreImageLibrary (the core's SQLite library); the interface
// stays so the model tests can run against an in-memory fake.
#pragma once

#include <QList>
#include <QString>

#include "inference/GenerationOutcome.h"
#include "item_models/LibraryEntry.h"

namespace pixart::ui {

class ImageLibrary {
  public:
    virtual ~ImageLibrary() = default;

    // Newest first; `search` matches the prompt (case-insensitive), empty = all.
    virtual QList<LibraryEntry> entries(const QString& search, bool favouritesOnly) = 0;
    // Stores a finished image with its metadata; throws pixart::Error on failure.
    virtual LibraryEntry add(const GenerationOutcome& outcome) = 0;
    virtual void setFavourite(qint64 id, bool favourite) = 0;
    virtual void remove(qint64 id) = 0;  // the image file too
    virtual QList<PromptHistoryEntry> prompts(PromptOrder order, const QString& search) = 0;
};

}  // namespace pixart::ui
