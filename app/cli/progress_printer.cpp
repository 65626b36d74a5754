#include "progress_printer.h"

#include <algorithm>

#include <unistd.h>

#include <cstdint>
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

// "93 kB", "812 MB", "2.44 GB" (decimal, as the model cards give sizes).
std::string size_text(std::int64_t bytes) {
    char text[32];
    if (bytes < 1000000)
        std::snprintf(text, sizeof text, "%.0f kB", static_cast<double>(bytes) / 1e3);
    else if (bytes < 1000000000)
        std::snprintf(text, sizeof text, "%.0f MB", static_cast<double>(bytes) / 1e6);
    else
        std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / 1e9);
    return text;
}

constexpr std::int64_t kLoadLinesFrom = 1000000000;  // logs get quarter lines from 1 GB on

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

void ProgressPrinter::load(const LoadProgress& p) {
    if (p.bytes_total <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (p.bytes_done == 0 || load_shown_ < 0) {  // a new load (a network may bind in parts)
        load_started_ = now;
        load_shown_ = 0;
    }
    const int percent = static_cast<int>(100 * p.bytes_done / p.bytes_total);
    const bool done = p.bytes_done >= p.bytes_total;
    const std::string name = stage_name(p.stage);
    if (done) {
        const double seconds = std::chrono::duration<double>(now - load_started_).count();
        char rate[48] = "";
        if (seconds >= 0.05)
            std::snprintf(rate, sizeof rate, ", %s/s",
                          size_text(static_cast<std::int64_t>(p.bytes_total / seconds)).c_str());
        std::fprintf(stderr, "%s%s%s: %s read in %.1f s%s%s\n", terminal_ ? "\r" : "",
                     prefix_.c_str(), name.c_str(), size_text(p.bytes_total).c_str(), seconds, rate,
                     terminal_ ? "          " : "");
        drawing_ = false;
        load_shown_ = -1;
    } else if (terminal_) {
        if (percent == load_shown_) return;
        std::fprintf(stderr, "\r%s%s: %s of %s (%d%%)   ", prefix_.c_str(), name.c_str(),
                     size_text(p.bytes_done).c_str(), size_text(p.bytes_total).c_str(), percent);
        drawing_ = true;
        load_shown_ = percent;
    } else {
        if (p.bytes_total < kLoadLinesFrom || percent / 25 == load_shown_ / 25) return;
        std::fprintf(stderr, "%s%s: %d%% (%s of %s)\n", prefix_.c_str(), name.c_str(),
                     percent / 25 * 25, size_text(p.bytes_done).c_str(),
                     size_text(p.bytes_total).c_str());
        load_shown_ = percent;
    }
    std::fflush(stderr);
}

void ProgressPrinter::decode(const DecodeProgress& p) {
    if (p.bands_total <= 0) return;
    if (p.bands_done == 0) decode_shown_ = -1;
    const int percent = static_cast<int>(100 * p.bands_done / p.bands_total);
    const bool last = p.bands_done + 1 >= p.bands_total;
    if (terminal_) {
        if (percent != decode_shown_) {
            std::fprintf(stderr, "\r%sdecoding: %d%% (band %lld of %lld)   ", prefix_.c_str(),
                         percent, static_cast<long long>(p.bands_done + 1),
                         static_cast<long long>(p.bands_total));
            drawing_ = true;
            decode_shown_ = percent;
        }
        if (last) end_line();
    } else {
        const int quarter = percent / 25 * 25;
        if (quarter == 0 || quarter / 25 == std::max(decode_shown_, 0) / 25) return;
        std::fprintf(stderr, "%sdecoding: %d%%\n", prefix_.c_str(), quarter);
        decode_shown_ = percent;
    }
    std::fflush(stderr);
}

GenerationCallbacks ProgressPrinter::callbacks() {
    GenerationCallbacks callbacks;
    callbacks.on_plan = [this](const MemoryPlanInfo& p) { plan(p); };
    callbacks.on_stage = [this](Stage s) { stage(s); };
    callbacks.on_step = [this](const StepProgress& p) { step(p); };
    callbacks.on_load = [this](const LoadProgress& p) { load(p); };
    callbacks.on_decode = [this](const DecodeProgress& p) { decode(p); };
    return callbacks;
}

}  // namespace pixart::cli
