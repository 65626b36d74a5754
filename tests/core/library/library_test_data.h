// Records for the library tests: every field set to a non-default value.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "api/history_record.h"

namespace pixart::test {

inline HistoryRecord sample_record(const std::string& prompt,
                                   const std::string& created = "2026-11-26T13:45:01.250Z") {
    HistoryRecord r;
    GenerationMetadata& m = r.metadata;
    m.prompt = prompt;
    m.negative_prompt = "blurry, low quality";
    m.seed = 42;
    m.steps = 14;
    m.guidance_scale = 3.25;
    m.sampler = "dpm++2m";
    m.width = 1024;
    m.height = 768;
    m.model = "PixArt-Sigma-XL-2-1024-MS";
    m.clean_caption = true;
    m.resolution_binning = false;
    m.max_sequence_length = 120;
    m.images_per_prompt = 4;
    m.batch_size = 8;  // two prompts × 4
    m.batch_index = 3;
    m.duration_seconds = 12.75;
    m.created = created;
    r.model_path = "/models/PixArt-Sigma-XL-2-1024-MS";
    r.file = "2026-11-26/20261126-134501-seed42.png";
    r.favourite = false;
    r.extra_json = R"({"scheduler":{"use_karras_sigmas":false},"note":"ü"})";
    return r;
}

// A file's whole content ("" when it cannot be read).
inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace pixart::test
