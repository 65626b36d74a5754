// A finished image into a generation library: the one way the studio and pixart-cli keep one.
// Its history record is the generation's metadata completed with what only the finished run
// knows (the size produced after resolution binning, the run's duration, the model folder, when
// it was stored), and its file is written as every library image is (library_image_options in
// api/image_export.h: 16-bit PNG, sRGB profile, the settings in its text chunks), carrying the
// record's own metadata, so the file and the history never disagree.
//
//   pixart::GenerationMetadata m = pixart::metadata_for(request, 0, 0, engine.info().name);
//   m.created.clear();                                       // = when it is stored
//   pixart::HistoryRecord stored = pixart::store_finished_image(
//       library, pixart::finished_image_record(m, result.images[0], result.seconds,
//                                              engine.info().path),
//       result.images[0]);
//   show(library.absolute_path(stored.file));
//
// Built into pixart::library when PIXART_WITH_IMAGING is on (the file is written by
// pixart::imaging). Thread safety: as GenerationLibrary (one thread per library at a time).
#pragma once

#include <string>

#include "api/generation_metadata.h"
#include "api/history_record.h"
#include "api/image.h"

namespace pixart {

class GenerationLibrary;

// The record store_finished_image adds (pure; id 0, no file yet): `metadata` with the size of
// `image` as produced and `seconds` as its duration, `model_path`, and `extra_json` (what the
// caller wants kept, not interpreted). metadata.created is kept: an ISO-8601 UTC time as the
// history writes it (current_utc_timestamp) so a re-run can find the entry, or empty = now.
HistoryRecord finished_image_record(const GenerationMetadata& metadata, const Image& image,
                                    double seconds, const std::string& model_path,
                                    const std::string& extra_json = {});

// Stores `image` under `record` (GenerationLibrary::add: a new file name, fsync'ed, renamed,
// journalled) with the record's metadata in the file, an empty created stamped first so the
// file says the same. Returns the stored record (id and file set). Throws
// Error(InvalidArgument) for an empty image or one whose size differs from the record's,
// Error(Io) when the file cannot be written.
HistoryRecord store_finished_image(GenerationLibrary& library, const HistoryRecord& record,
                                   const Image& image);

}  // namespace pixart
