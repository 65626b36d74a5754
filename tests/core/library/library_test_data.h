// Records for the library tests: every field set to a non-default value.
#pragma once

#include <string>

#include "api/history_record.h"

namespace pixart::test {

inline HistoryRecord sample_record(const std::string& prompt,
                                   const std::string& created = "2026-11-26T13:45:01.250Z") {
    HistoryRecord r;
    r.prompt = prompt;
    r.negative_prompt = "blurry, low quality";
    r.seed = 42;
    r.steps = 14;
    r.guidance_scale = 3.25;
    r.sampler = "dpm++2m";
    r.width = 1024;
    r.height = 768;
    r.model_name = "PixArt-Sigma-XL-2-1024-MS";
    r.model_path = "/models/PixArt-Sigma-XL-2-1024-MS";
    r.clean_caption = true;
    r.resolution_binning = false;
    r.max_sequence_length = 120;
    r.images_per_prompt = 4;
    r.batch_index = 3;
    r.duration_seconds = 12.75;
    r.file = "2026-11-26/20261126-134501-seed42.png";
    r.created = created;
    r.favourite = false;
    r.extra_json = R"({"scheduler":{"use_karras_sigmas":false},"note":"ü"})";
    return r;
}

}  // namespace pixart::test
