// `--library DIR`: generated images go into a generation library (the studio's gallery and
// history) as the studio stores them: 16-bit PNG with the settings, plus a history row.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/engine.h"
#include "api/generation_metadata.h"

namespace pixart::cli {

class LibraryOutput {
  public:
    // Takes the folder's writer lock (api/library_writer_lock.h) for `command`, then opens
    // (creates, repairs) the library in it; a repair is reported on stderr. Throws Error(Io)
    // when another writer holds the folder, Error(Unsupported) in a pixart-cli built without
    // the library or imaging.
    LibraryOutput(const std::string& folder, const std::string& command);
    ~LibraryOutput();
    LibraryOutput(const LibraryOutput&) = delete;
    LibraryOutput& operator=(const LibraryOutput&) = delete;

    // Stores one image with `metadata` (its `created` set by the caller, so a re-run can find the
    // entry; its duration_seconds the run's) through store_finished_image (api/finished_image.h),
    // as the studio stores its images; returns its absolute path.
    std::string store_image(const Image& image, const GenerationMetadata& metadata,
                            const std::string& model_path);
    // Now, as the library writes creation times.
    std::string timestamp() const;
    // The absolute path of the entry created at `created` (ISO-8601, as the library writes it)
    // with this seed and batch position, if the library has one.
    std::optional<std::string> find(const std::string& created, std::uint64_t seed,
                                    int batch_index) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pixart::cli
