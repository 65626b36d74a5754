// One finished image as the history remembers it: every setting needed to generate it again,
// bit for bit, plus where the file lies and when it was made.
//
//   pixart::HistoryRecord record = pixart::make_history_record(request, 0, i);
//   record.width = image.width;  record.height = image.height;    // the size actually produced
//   record.model_name = info.name;  record.model_path = folder;  record.duration_seconds = 12.5;
//   ...
//   pixart::GenerationRequest again = pixart::request_from_record(record);   // "use again"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "api/generation_request.h"

namespace pixart {

struct HistoryRecord {
    std::int64_t id = 0;  // assigned by the history database; 0 = not stored yet
    std::string prompt;
    std::string negative_prompt;
    std::uint64_t seed = 0;  // the whole 64-bit range round-trips
    int steps = 20;
    double guidance_scale = 4.5;
    std::string sampler = "dpm++2m";
    int width = 0;  // the size of the image produced (never 0 for a stored record)
    int height = 0;
    std::string model_name;
    std::string model_path;
    bool clean_caption = false;
    bool resolution_binning = true;
    int max_sequence_length = 300;
    // The request drew the initial noise for all its images in one call (golden README, step 9):
    // the image is reproduced by the same seed with the same images_per_prompt, at batch_index.
    int images_per_prompt = 1;
    int batch_index = 0;
    double duration_seconds = 0.0;
    std::string file;     // relative to the library folder, '/'-separated; set by the library
    std::string created;  // ISO-8601 UTC, "2026-11-26T13:45:01.123Z"; empty = now (library)
    bool favourite = false;
    std::string extra_json;  // free-form JSON the studio wants kept (not interpreted)
};

// The current time as the history stores it: "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC). Fixed width, so
// text order is time order.
std::string current_utc_timestamp();

// A record with the request's settings for image `image_index` of prompt `prompt_index`. The
// caller fills what the request does not know: width/height when the request says 0 (native
// size), model, duration. Throws Error(InvalidArgument) for an index outside the request.
HistoryRecord make_history_record(const GenerationRequest& request, std::size_t prompt_index,
                                  int image_index);

// "Use again": a one-prompt request with every setting of the record, the exact seed included.
// It reproduces the image exactly when the original request had one prompt (the studio's case:
// a batch count runs seed, seed+1, … as separate requests); the image is
// result.images[batch_index].
GenerationRequest request_from_record(const HistoryRecord& record);

}  // namespace pixart
