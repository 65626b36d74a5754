// One image in the library and one prompt of the history, as the item models see them.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include "settings/GenerationSettings.h"

namespace pixart::ui {

struct LibraryEntry {
    qint64 id = 0;
    QString imagePath;
    GenerationSettings settings;          // seedMode Fixed: the exact seed that made it
    pixart::GenerationMetadata metadata;  // all the history keeps (times included): for export
    QString modelName;
    QDateTime created;
    bool favourite = false;
    int width = 0;
    int height = 0;
    // Images of one batch (one press of Generate in the studio, one noise draw of a CLI batch)
    // share a key; "" = made alone. batchMember tells its images apart (the seed of a studio
    // job, the place in a CLI batch), so a batch run twice is two batches.
    QString batchKey;
    qint64 batchMember = 0;
};

struct PromptHistoryEntry {
    QString prompt;
    int uses = 0;
    QDateTime lastUsed;
    GenerationSettings lastSettings;  // of the most recent image with this prompt
};

enum class PromptOrder { MostRecent, MostUsed };

}  // namespace pixart::ui

Q_DECLARE_METATYPE(pixart::ui::LibraryEntry)
