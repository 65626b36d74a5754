// Image-to-image jobs of the studio: the picture is read when the job runs, on the generation
// thread (a large TIFF takes seconds), never on the GUI thread.
#pragma once

#include "api/generation_request.h"
#include "settings/GenerationSettings.h"

namespace pixart::ui {

class InitImageLoader {
  public:
    // Reads settings.initImagePath into `request` (nothing when empty) and records the file's
    // SHA-256 in `settings` for the metadata. "Refine for print" (settings.refine) enlarges it
    // 2x in linear light and generates at that size, without resolution binning (the point is
    // the larger size). Throws pixart::Error for a picture that cannot be read.
    static void attach(GenerationSettings& settings, pixart::GenerationRequest& request);
};

}  // namespace pixart::ui
