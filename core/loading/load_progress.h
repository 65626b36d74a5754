// How far a component's weights have been read, for a progress display while the 19 GB T5 or
// the 2.4 GB transformer loads. bind_state_dict reports every tensor it copies to the innermost
// LoadProgressScope of its thread; the pipeline opens one around each load, tagged with the
// stage the user sees. Without a scope, reports go nowhere.
#pragma once

#include <cstdint>
#include <functional>

namespace pixart {

class LoadProgressScope {
  public:
    using Report = std::function<void(std::int64_t bytes_done, std::int64_t bytes_total)>;
    // An empty `report` still hides the outer scope (its load is not this one).
    explicit LoadProgressScope(Report report);
    ~LoadProgressScope();
    LoadProgressScope(const LoadProgressScope&) = delete;
    LoadProgressScope& operator=(const LoadProgressScope&) = delete;

    // To the innermost scope of this thread; nothing without one.
    static void report(std::int64_t bytes_done, std::int64_t bytes_total);

  private:
    Report report_;
    LoadProgressScope* outer_;
};

}  // namespace pixart
