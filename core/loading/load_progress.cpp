#include "loading/load_progress.h"

#include <utility>

namespace pixart {
namespace {
thread_local LoadProgressScope* innermost = nullptr;
}  // namespace

LoadProgressScope::LoadProgressScope(Report report)
    : report_(std::move(report)), outer_(innermost) {
    innermost = this;
}

LoadProgressScope::~LoadProgressScope() { innermost = outer_; }

void LoadProgressScope::report(std::int64_t bytes_done, std::int64_t bytes_total) {
    if (innermost != nullptr && innermost->report_) innermost->report_(bytes_done, bytes_total);
}

}  // namespace pixart
