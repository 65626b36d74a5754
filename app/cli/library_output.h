// `--library DIR`: generated images go into a generation library (the studio's gallery and
// history) as the studio stores them: 16-bit PNG with the settings, plus a history row.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/engine.h"

namespace pixart::cli {

class LibraryOutput {
  public:
    // Opens (creates, repairs) the library in `folder`; a repair is reported on stderr.
    // Throws Error(Unsupported) in a pixart-cli built without the library or imaging.
    explicit LibraryOutput(const std::string& folder);
    ~LibraryOutput();
    LibraryOutput(const LibraryOutput&) = delete;
    LibraryOutput& operator=(const LibraryOutput&) = delete;

    // Stores every image of `result`; returns their absolute paths.
    std::vector<std::string> store(const GenerationResult& result, const GenerationRequest& request,
                                   const ModelInfo& model);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pixart::cli
