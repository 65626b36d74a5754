// One finished image as the history remembers it: its generation metadata (every setting needed
// to generate it again, bit for bit, the size produced, model, duration, when it was made) plus
// what only the history knows: its id, where the file lies, the favourite mark.
//
//   pixart::HistoryRecord record;
//   record.metadata = pixart::metadata_for(request, 0, i, info.name);   //
//   api/generation_metadata.h record.metadata.width = image.width;  record.metadata.height =
//   image.height;  // as produced record.metadata.duration_seconds = 12.5;
//   record.metadata.created.clear();    // = now record.model_path = folder;
//   ...
//   pixart::GenerationRequest again = pixart::request_from_metadata(record.metadata);  // use again
#pragma once

#include <cstdint>
#include <string>

#include "api/generation_metadata.h"

namespace pixart {

struct HistoryRecord {
    std::int64_t id = 0;  // assigned by the history database; 0 = not stored yet
    // The history keeps every field but rng, software, extra and source. metadata.seed: the whole
    // 64-bit range round-trips. metadata.width/height: the size of the image produced (never 0
    // for a stored record). metadata.created: ISO-8601 UTC as the history writes it,
    // "2026-11-26T13:45:01.123Z"; empty = now (the library). metadata.batch_size and
    // batch_index are kept (schema 3; older rows read batch_size = images_per_prompt), so
    // request_from_metadata reproduces the image exactly, from a batch of several prompts too.
    GenerationMetadata metadata;
    std::string model_path;
    std::string file;  // relative to the library folder, '/'-separated; set by the library
    bool favourite = false;
    std::string extra_json;  // free-form JSON the studio wants kept (not interpreted)
};

// The current time as the history stores it: "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC). Fixed width, so
// text order is time order.
std::string current_utc_timestamp();

}  // namespace pixart
