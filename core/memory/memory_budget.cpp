#include "memory/memory_budget.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

namespace pixart {
namespace {

constexpr std::int64_t kUnlimited = std::numeric_limits<std::int64_t>::max();
// cgroup v1 writes "no limit" as a page-aligned near-INT64_MAX; anything above 1 PiB is none.
constexpr std::int64_t kNoLimitAbove = std::int64_t{1} << 50;

// First whitespace-separated number of a file ("max" and unreadable files: -1).
std::int64_t read_number(const std::string& path) {
    std::ifstream in(path);
    std::string word;
    if (!(in >> word)) return -1;
    try {
        std::size_t used = 0;
        const long long value = std::stoll(word, &used);
        return used == word.size() && value >= 0 ? value : -1;
    } catch (...) {
        return -1;
    }
}

// The value of "key value" in a memory.stat-like file (-1 when absent).
std::int64_t read_keyed(const std::string& path, const std::string& key) {
    std::ifstream in(path);
    std::string name;
    long long value = 0;
    while (in >> name >> value) {
        if (name == key) return value;
    }
    return -1;
}

// "Name:   1234 kB" of /proc/meminfo or /proc/self/status, in bytes (-1 when absent).
std::int64_t read_kb_line(const std::string& path, const std::string& key) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size() + 1, key + ":") == 0) {
            try {
                return static_cast<std::int64_t>(std::stoll(line.substr(key.size() + 1))) * 1024;
            } catch (...) {
                return -1;
            }
        }
    }
    return -1;
}

// The cgroup folders this process may be limited by: v2 ("0::/path") and v1 ("N:memory:/path"),
// each under its path and at the root (inside a container the namespace's root is its cgroup).
struct CgroupFiles {
    std::string limit, usage, stat, cache_key;
};
std::vector<CgroupFiles> cgroup_candidates(const std::string& proc_root,
                                           const std::string& cgroup_root) {
    std::vector<CgroupFiles> candidates;
    std::ifstream in(proc_root + "/self/cgroup");
    std::string line;
    while (std::getline(in, line)) {
        const auto first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        std::string path = line.substr(second + 1);
        if (path == "/") path.clear();
        if (controllers.empty()) {
            for (const auto& dir : {cgroup_root + path, cgroup_root}) {
                candidates.push_back(
                    {dir + "/memory.max", dir + "/memory.current", dir + "/memory.stat", "file"});
            }
        } else if (controllers == "memory") {
            for (const auto& dir : {cgroup_root + "/memory" + path, cgroup_root + "/memory"}) {
                candidates.push_back({dir + "/memory.limit_in_bytes",
                                      dir + "/memory.usage_in_bytes", dir + "/memory.stat",
                                      "total_cache"});
            }
        }
    }
    return candidates;
}

}  // namespace

std::string format_bytes(std::int64_t bytes) {
    char text[32];
    if (bytes >= (std::int64_t{1} << 30)) {
        std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1 << 30));
    } else {
        std::snprintf(text, sizeof text, "%.0f MiB", static_cast<double>(bytes) / (1 << 20));
    }
    return text;
}

MemoryReadings read_memory(const std::string& proc_root, const std::string& cgroup_root) {
    MemoryReadings r;
    r.mem_available = read_kb_line(proc_root + "/meminfo", "MemAvailable");
    r.process_resident =
        std::max<std::int64_t>(0, read_kb_line(proc_root + "/self/status", "VmRSS"));
    for (const auto& files : cgroup_candidates(proc_root, cgroup_root)) {
        const std::int64_t limit = read_number(files.limit);
        if (limit < 0 || limit >= kNoLimitAbove) continue;
        const std::int64_t usage = read_number(files.usage);
        const std::int64_t cache =
            std::max<std::int64_t>(0, read_keyed(files.stat, files.cache_key));
        if (r.cgroup_limit < 0 || limit < r.cgroup_limit) {
            r.cgroup_limit = limit;
            r.cgroup_used = usage < 0 ? -1 : std::max<std::int64_t>(0, usage - cache);
        }
    }
    return r;
}

MemoryBudget budget_from(const MemoryReadings& r, std::int64_t limit_bytes) {
    MemoryBudget budget{kUnlimited, "no limit known"};
    // What this process holds counts as usable: a job may free or reuse it (released models).
    const std::int64_t held = r.process_resident;
    if (r.mem_available >= 0) {
        budget = {r.mem_available + held, "MemAvailable " + format_bytes(r.mem_available) + " + " +
                                              format_bytes(held) + " held by this process"};
    }
    if (r.cgroup_limit >= 0) {
        const std::int64_t others = std::max<std::int64_t>(0, r.cgroup_used - held);
        const std::int64_t room = std::max<std::int64_t>(0, r.cgroup_limit - others);
        if (room < budget.bytes) {
            budget = {room, "cgroup limit " + format_bytes(r.cgroup_limit) + ", " +
                                format_bytes(others) + " used by other processes"};
        }
    }
    if (limit_bytes > 0 && limit_bytes < budget.bytes) {
        budget = {limit_bytes, "--memory-limit " + format_bytes(limit_bytes)};
    }
    return budget;
}

MemoryBudget memory_budget(std::int64_t limit_bytes) {
    return budget_from(read_memory(), limit_bytes);
}

}  // namespace pixart
