#include "progress_printer.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace pixart::cli {

ProgressPrinter::ProgressPrinter() : terminal_(isatty(STDERR_FILENO) != 0) {}

namespace {

// "42 s", "3:05", "1:02:07".
std::string duration_text(double seconds) {
    const long total = static_cast<long>(seconds + 0.5);
    char text[32];
    if (total < 60)
        std::snprintf(text, sizeof text, "%ld s", total);
    else if (total < 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60,
                      total % 60);
    return text;
}

}  // namespace

void ProgressPrinter::end_line() {
    if (terminal_ && drawing_) std::fputs("\n", stderr);
    drawing_ = false;
}

void ProgressPrinter::plan(const MemoryPlanInfo& plan) {
    end_line();
    last_stage_ = -1;  // a new job: its stages are news again
    std::fprintf(stderr, "%smemory plan: %s\n", prefix_.c_str(), plan.summary.c_str());
}

void ProgressPrinter::stage(Stage s) {
    if (static_cast<int>(s) == last_stage_) return;
    last_stage_ = static_cast<int>(s);
    if (s == Stage::Denoising) steps_started_ = std::chrono::steady_clock::now();
    end_line();
    std::fprintf(stderr, "%s%s...\n", prefix_.c_str(), stage_name(s));
}

void ProgressPrinter::step(const StepProgress& p) {
    // The pace of the steps alone: since denoising began (the engine's elapsed time also
    // counts loading and encoding, which would make the estimate far too long).
    const double stepping =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - steps_started_).count();
    const double per_step = stepping / p.step;
    const std::string left = duration_text(per_step * (p.total - p.step));
    if (terminal_) {
        const int width = 30, filled = width * p.step / p.total;
        std::fprintf(stderr, "\r%s[%.*s%*s] %d/%d %.1fs, %s left   ", prefix_.c_str(), filled,
                     "##############################", width - filled, "", p.step, p.total,
                     p.elapsed_seconds, left.c_str());
        drawing_ = true;
        if (p.step == p.total) end_line();
    } else {
        std::fprintf(stderr, "%sstep %d/%d %.2fs (%.2f s/step, %s left)\n", prefix_.c_str(), p.step,
                     p.total, p.elapsed_seconds, per_step, left.c_str());
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
