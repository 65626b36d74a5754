#include "progress_printer.h"

#include <unistd.h>

#include <cstdio>

namespace pixart::cli {

ProgressPrinter::ProgressPrinter() : terminal_(isatty(STDERR_FILENO) != 0) {}

void ProgressPrinter::plan(const MemoryPlanInfo& plan) {
    if (terminal_ && drawing_) std::fputs("\n", stderr);
    drawing_ = false;
    std::fprintf(stderr, "%smemory plan: %s\n", prefix_.c_str(), plan.summary.c_str());
}

void ProgressPrinter::stage(Stage s) {
    if (terminal_ && drawing_) std::fputs("\n", stderr);
    drawing_ = false;
    std::fprintf(stderr, "%s%s...\n", prefix_.c_str(), stage_name(s));
}

void ProgressPrinter::step(const StepProgress& p) {
    const double per_step = p.elapsed_seconds / p.step;
    if (terminal_) {
        const int width = 30, filled = width * p.step / p.total;
        std::fprintf(stderr, "\r%s[%.*s%*s] %d/%d %.1fs", prefix_.c_str(), filled,
                     "##############################", width - filled, "", p.step, p.total,
                     p.elapsed_seconds);
        drawing_ = true;
        if (p.step == p.total) {
            std::fputs("\n", stderr);
            drawing_ = false;
        }
    } else {
        std::fprintf(stderr, "%sstep %d/%d %.2fs (%.2f s/step)\n", prefix_.c_str(), p.step, p.total,
                     p.elapsed_seconds, per_step);
    }
    std::fflush(stderr);
}

GenerationCallbacks ProgressPrinter::callbacks() {
    GenerationCallbacks callbacks;
    callbacks.on_plan = [this](const MemoryPlanInfo& p) { plan(p); };
    callbacks.on_stage = [this](Stage s) { stage(s); };
    callbacks.on_step = [this](const StepProgress& p) { step(p); };
    return callbacks;
}

}  // namespace pixart::cli
