#include "library/history_schema.h"

#include <string>

#include "api/errors.h"
#include "library/sqlite_transaction.h"

namespace pixart::library {
namespace {

// Version 1 as it shipped: never edit it, add a step instead.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE generations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    prompt TEXT NOT NULL,
    negative_prompt TEXT NOT NULL DEFAULT '',
    seed INTEGER NOT NULL,
    steps INTEGER NOT NULL,
    guidance_scale REAL NOT NULL,
    sampler TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    duration_seconds REAL NOT NULL DEFAULT 0,
    file TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX generations_created ON generations(created);
)sql";

// AUTOINCREMENT (from version 1) keeps ids of deleted entries unused, so an id the UI still
// holds never names a different image.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE generations RENAME COLUMN model TO model_name;
ALTER TABLE generations ADD COLUMN model_path TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN clean_caption INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN resolution_binning INTEGER NOT NULL DEFAULT 1;
ALTER TABLE generations ADD COLUMN max_sequence_length INTEGER NOT NULL DEFAULT 300;
ALTER TABLE generations ADD COLUMN images_per_prompt INTEGER NOT NULL DEFAULT 1;
ALTER TABLE generations ADD COLUMN batch_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN extra_json TEXT NOT NULL DEFAULT '';
CREATE INDEX generations_favourite ON generations(favourite, created);
CREATE INDEX generations_prompt ON generations(prompt);

-- External-content FTS5: the text lives once, in `generations`. remove_diacritics 2 lets
-- "cafe" find "café".
CREATE VIRTUAL TABLE generations_fts USING fts5(
    prompt, negative_prompt,
    content='generations', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER generations_fts_insert AFTER INSERT ON generations BEGIN
    INSERT INTO generations_fts(rowid, prompt, negative_prompt)
        VALUES (new.id, new.prompt, new.negative_prompt);
END;
CREATE TRIGGER generations_fts_delete AFTER DELETE ON generations BEGIN
    INSERT INTO generations_fts(generations_fts, rowid, prompt, negative_prompt)
        VALUES ('delete', old.id, old.prompt, old.negative_prompt);
END;
CREATE TRIGGER generations_fts_update AFTER UPDATE OF prompt, negative_prompt ON generations
BEGIN
    INSERT INTO generations_fts(generations_fts, rowid, prompt, negative_prompt)
        VALUES ('delete', old.id, old.prompt, old.negative_prompt);
    INSERT INTO generations_fts(rowid, prompt, negative_prompt)
        VALUES (new.id, new.prompt, new.negative_prompt);
END;
INSERT INTO generations_fts(generations_fts) VALUES ('rebuild');
)sql";

// Version 3: the batch size, so an image from a batch of several prompts can be regenerated
// bit for bit (its noise is a slice of one draw of the whole batch). Rows of version 2 were
// written by the studio, whose batches had one prompt: their batch size is images_per_prompt.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE generations ADD COLUMN batch_size INTEGER NOT NULL DEFAULT 1;
UPDATE generations SET batch_size = images_per_prompt;
)sql";

// Version 4: the journal of images being moved into place (GenerationLibrary::add). A row is
// written here before an image file is renamed to its final name and moved to `generations`
// right after; a row found on open belongs to a writer killed in between: its image is adopted
// when the file is there, forgotten when not. The same columns as `generations`, without
// constraints (a later version that adds a column to one adds it to both).
constexpr const char* kVersion4 = R"sql(
CREATE TABLE pending_generations AS SELECT * FROM generations WHERE 0;
CREATE INDEX pending_generations_file ON pending_generations(file);
)sql";

}  // namespace

int HistorySchema::version(SqliteDatabase& db) {
    return static_cast<int>(db.query_int64("PRAGMA user_version"));
}

void HistorySchema::migrate(SqliteDatabase& db) {
    const int found = version(db);
    if (found > kCurrentVersion) {
        throw Error(ErrorKind::Unsupported,
                    db.path() +
                        ": the history database was written by a newer PixArt Studio "
                        "(schema version " +
                        std::to_string(found) + "; this build knows up to " +
                        std::to_string(kCurrentVersion) + "); it was left unchanged");
    }
    for (int next = found + 1; next <= kCurrentVersion; ++next) apply(db, next);
}

void HistorySchema::apply(SqliteDatabase& db, int to_version) {
    SqliteTransaction transaction(db);
    // Another connection may have migrated while we waited for the write lock.
    if (version(db) >= to_version) return;
    switch (to_version) {
        case 1:
            db.exec(kVersion1);
            break;
        case 2:
            db.exec(kVersion2);
            break;
        case 3:
            db.exec(kVersion3);
            break;
        case 4:
            db.exec(kVersion4);
            break;
        default:
            throw Error(ErrorKind::Internal,
                        "history schema: no step to version " + std::to_string(to_version));
    }
    db.exec("PRAGMA user_version = " + std::to_string(to_version));
    transaction.commit();
}

}  // namespace pixart::library
