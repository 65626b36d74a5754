// The gallery's and history's ImageLibrary: the core's generation library
// (api/generation_library.h: image files + SQLite history with full-text search). The core
// object is used by one thread at a time, so every call takes a mutex; the item models call
// from pool threads.
#pragma once

#include <QMutex>
#include <QString>
#include <memory>

#include "image_library/ImageLibrary.h"

namespace pixart {
class GenerationLibrary;
struct HistoryRecord;
}  // namespace pixart

namespace pixart::ui {

class CoreImageLibrary : public ImageLibrary {
  public:
    // Opens (creates, migrates or repairs) the library in `folder`; throws pixart::Error.
    explicit CoreImageLibrary(const QString& folder);
    // The library of the output folder, or nullptr (nothing is stored then) when it cannot be
    // opened. `warning` receives a sentence for the user when it was repaired or not opened.
    static std::shared_ptr<CoreImageLibrary> open(const QString& folder, QString* warning);
    ~CoreImageLibrary() override;

    // Empty after a normal open; else what was repaired, for the user.
    QString openReport() const;

    QList<LibraryEntry> entries(const QString& search, bool favouritesOnly) override;
    LibraryEntry add(const GenerationOutcome& outcome) override;
    void setFavourite(qint64 id, bool favourite) override;
    void remove(qint64 id) override;
    QList<PromptHistoryEntry> prompts(PromptOrder order, const QString& search) override;

    static constexpr int kListLimit = 2000;

  private:
    LibraryEntry toEntry(const pixart::HistoryRecord& record) const;

    mutable QMutex mutex_;
    std::unique_ptr<pixart::GenerationLibrary> library_;
};

// ISO-8601 UTC as the history stores it → local QDateTime.
QDateTime fromHistoryTimestamp(const std::string& text);

}  // namespace pixart::ui
