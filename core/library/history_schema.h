// The history database's schema and its versions, kept in PRAGMA user_version. Every database,
// a new one included, walks the same numbered steps (0 → 1 → 2 …), each in its own transaction,
// so the upgrade path of old files is the path every test runs.
//
// Version 1 (the first release): table `generations` with prompt, negative_prompt, seed, steps,
//   guidance_scale, sampler, width, height, model, duration_seconds, file, created.
// Version 2: `model` renamed to `model_name`; model_path, clean_caption, resolution_binning,
//   max_sequence_length, images_per_prompt, batch_index, favourite, extra_json added (old rows
//   get the diffusers defaults); FTS5 index `generations_fts` over prompt + negative_prompt, kept
//   in step by triggers.
// Version 3: batch_size (prompts × images_per_prompt of the generation) added; older rows get
//   their images_per_prompt (the studio's batches had one prompt).
// Version 4: `pending_generations`, the same columns without constraints: the journal of images
//   being moved into place (GenerationLibrary::add, crash safety).
//
// Seeds are uint64 stored in SQLite's signed INTEGER as the same 64 bits (2^64-1 reads as -1 in
// SQL; the C++ side converts back).
#pragma once

#include "library/sqlite_database.h"

namespace pixart::library {

class HistorySchema {
  public:
    static constexpr int kCurrentVersion = 4;

    static int version(SqliteDatabase& db);
    // Brings `db` to kCurrentVersion. Throws Error(Unsupported) for a database written by a
    // newer version (left untouched), SqliteError when a step fails (that step is rolled back).
    static void migrate(SqliteDatabase& db);

  private:
    static void apply(SqliteDatabase& db, int to_version);
};

}  // namespace pixart::library
