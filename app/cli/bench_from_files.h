// `pixart-cli bench --model DIR`: what a user's machine does with a model folder on disk (the
// true-size fixture, or a real checkpoint): jobs through the engine, or T5 alone
// (--text-encoder).
#pragma once

#include "command_line.h"

namespace pixart::cli {

extern const char* const kBenchFromFilesUsage;

int bench_model_folder(const CommandLine& cl);        // --model DIR
int bench_text_encoder_files(const CommandLine& cl);  // --model DIR --text-encoder

}  // namespace pixart::cli
