// How much memory this process may use for a job, read before anything large is loaded: the
// memory the system can give (MemAvailable) and, inside a container, what the cgroup's limit
// leaves, each plus what this process already holds (its own weights may be freed or reused).
#pragma once

#include <cstdint>
#include <string>

namespace pixart {

struct MemoryBudget {
    std::int64_t bytes = 0;  // what one job may peak at (process total)
    std::string source;      // the limiting reading, e.g. "MemAvailable 18.2 GiB + 1.1 GiB held"
};

// Linux: /proc/meminfo MemAvailable, the cgroup v2 (memory.max, memory.current minus its page
// cache) or v1 (memory.limit_in_bytes, memory.usage_in_bytes minus cache) limit of this process,
// and this process's RSS. `limit_bytes` > 0 is a user's cap (--memory-limit) that wins when it is
// lower. When nothing can be read (not Linux) the budget is the cap, or unlimited (INT64_MAX).
MemoryBudget memory_budget(std::int64_t limit_bytes = 0);

// "3.4 GiB" / "812 MiB": sizes in messages.
std::string format_bytes(std::int64_t bytes);

// Reads the values memory_budget combines; exposed for tests with made-up files.
struct MemoryReadings {
    std::int64_t mem_available = -1;    // bytes; -1 = unknown
    std::int64_t cgroup_limit = -1;     // bytes; -1 = none
    std::int64_t cgroup_used = -1;      // bytes of the cgroup not counting reclaimable file cache
    std::int64_t process_resident = 0;  // this process's RSS
};
MemoryBudget budget_from(const MemoryReadings& readings, std::int64_t limit_bytes);
MemoryReadings read_memory(const std::string& proc_root = "/proc",
                           const std::string& cgroup_root = "/sys/fs/cgroup");

}  // namespace pixart
