// Generation progress on stderr for the CLI: a redrawn bar on a terminal, one line per step
// otherwise (logs of batch jobs and clusters).
#pragma once

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
    GenerationCallbacks callbacks();

  private:
    bool terminal_;
    bool drawing_ = false;
    std::string prefix_;
};

}  // namespace pixart::cli
