// The jobs of `pixart-cli batch`: one JSON object per line (JSON Lines), read and checked before
// any model loads, so a typo on line 900 is reported before hours of generation, not after.
//
//   {"prompt": "a red fox in snow", "seed": 7, "steps": 20, "name": "fox"}
//   {"prompt": ["a lighthouse", "a harbour"], "images_per_prompt": 2, "width": 1216, "height": 832}
//   {"format": "pixart-studio", ...}      <- our metadata JSON (from an image): regenerates it
//
// Keys: prompt (string or list, required), negative_prompt, seed, steps, guidance_scale (or
// guidance), width, height, resolution_binning, images_per_prompt, clean_caption,
// max_sequence_length, sampler, init_image (a picture to start from: image-to-image; a path as
// given, relative to the working folder) with strength, loras (["FILE[:STRENGTH]", ...]), name
// (part of the file name). A key a job
// leaves out takes the batch's default (the command line's --steps etc., else diffusers'). Unknown
// keys are errors. Blank lines and lines starting with '#' are skipped.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "api/generation_request.h"

namespace pixart::cli {

struct BatchJob {
    int line = 0;      // 1-based line in the jobs file
    std::string name;  // file-name safe: [A-Za-z0-9._-], at most 64 characters; may be empty
    GenerationRequest request;  // without the init image's pixels (read when the job runs)
    std::string init_image;     // image-to-image: the picture's path; "" = text-to-image
};

// Throws Error(InvalidArgument) naming `source` and the line of every bad job (up to 20).
std::vector<BatchJob> read_batch_jobs(std::istream& in, const std::string& source,
                                      const GenerationRequest& defaults);

}  // namespace pixart::cli
