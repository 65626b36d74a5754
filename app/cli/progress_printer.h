// Generation progress on stderr for the CLI: a redrawn bar on a terminal, one line per step
// otherwise (logs of batch jobs and clusters); each step says the time left, from the steps'
// own pace (loading and encoding do not count). A stage is printed once, however often the
// engine reports it. A network's load shows the weights read (redrawn on a terminal; in logs a
// line per quarter of a load of 1 GB or more) and ends with its size, time and rate. A banded
// decode (above 512x512) shows its share of bands done the same way (a line per quarter in logs).
#pragma once

#include <chrono>
#include <string>

#include "api/engine.h"

namespace pixart::cli {

class ProgressPrinter {
  public:
    ProgressPrinter();
    // Put in front of every line, e.g. "job 3/10: " in a batch.
    void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }
    void plan(const MemoryPlanInfo& plan);
    void stage(Stage s);
    void step(const StepProgress& p);
    void load(const LoadProgress& p);
    void decode(const DecodeProgress& p);
    GenerationCallbacks callbacks();

  private:
    void end_line();

    bool terminal_;
    bool drawing_ = false;
    std::string prefix_;
    int last_stage_ = -1;  // the stage printed last (-1: none since the last plan)
    std::chrono::steady_clock::time_point steps_started_;
    std::chrono::steady_clock::time_point load_started_;
    int load_shown_ = -1;    // the percentage of the current load shown last (-1: none)
    int decode_shown_ = -1;  // the same for the current decode
};

}  // namespace pixart::cli
