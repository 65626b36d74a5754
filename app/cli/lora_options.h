// --lora FILE[:STRENGTH] (generate, batch) and a batch job's "loras": the file checked and hashed
// (SHA-256 for the metadata) before any model loads.
#pragma once

#include <string>

#include "api/generation_request.h"

namespace pixart::cli {

// "style.safetensors:0.8" -> {path, 0.8}; a suffix that is not a number stays part of the path
// (strength 1). Throws pixart::Error: Io for a file that is not there, InvalidArgument for a
// strength outside -100..100.
LoraSpec parse_lora(const std::string& text, const std::string& what = "--lora");

}  // namespace pixart::cli
