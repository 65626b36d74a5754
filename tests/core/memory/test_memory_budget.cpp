// What a process may use: MemAvailable and the cgroup limit (v1 and v2) read from made-up /proc
// and /sys/fs/cgroup trees, and the combination with a user's cap.
#include "memory/memory_budget.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/shared_data.h"

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t MiB = std::int64_t{1} << 20;
constexpr std::int64_t GiB = std::int64_t{1} << 30;

void write(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << text;
}

void fake_proc(const std::string& root, const std::string& cgroup_line) {
    write(root + "/meminfo", "MemTotal:       24000000 kB\nMemAvailable:   20971520 kB\n");
    write(root + "/self/status", "Name:\tpixart\nVmRSS:\t  1048576 kB\n");
    write(root + "/self/cgroup", cgroup_line + "\n");
}

TEST(MemoryBudget, MemAvailablePlusWhatTheProcessHolds) {
    pixart::test::TempDir tmp;
    fake_proc(tmp.file("proc"), "0::/");
    const auto readings = pixart::read_memory(tmp.file("proc"), tmp.file("cgroup"));
    EXPECT_EQ(readings.mem_available, 20 * GiB);
    EXPECT_EQ(readings.process_resident, 1 * GiB);
    EXPECT_EQ(readings.cgroup_limit, -1);
    const auto budget = pixart::budget_from(readings, 0);
    EXPECT_EQ(budget.bytes, 21 * GiB);
    EXPECT_EQ(budget.source, "MemAvailable 20.0 GiB + 1.0 GiB held by this process");
}

TEST(MemoryBudget, CgroupV2LimitWithoutItsPageCache) {
    pixart::test::TempDir tmp;
    fake_proc(tmp.file("proc"), "0::/user.slice/job");
    const std::string dir = tmp.file("cgroup") + "/user.slice/job";
    write(dir + "/memory.max", std::to_string(8 * GiB) + "\n");
    write(dir + "/memory.current", std::to_string(7 * GiB) + "\n");
    write(dir + "/memory.stat", "anon 1073741824\nfile " + std::to_string(5 * GiB) + "\n");
    const auto readings = pixart::read_memory(tmp.file("proc"), tmp.file("cgroup"));
    EXPECT_EQ(readings.cgroup_limit, 8 * GiB);
    EXPECT_EQ(readings.cgroup_used, 2 * GiB);  // 7 GiB charged, 5 GiB of it reclaimable cache
    // Others use 2 - 1 (ours) = 1 GiB of the 8: 7 GiB for this process, less than MemAvailable.
    const auto budget = pixart::budget_from(readings, 0);
    EXPECT_EQ(budget.bytes, 7 * GiB);
    EXPECT_EQ(budget.source, "cgroup limit 8.0 GiB, 1.0 GiB used by other processes");
}

TEST(MemoryBudget, CgroupV1LimitAndNoLimitMarker) {
    pixart::test::TempDir tmp;
    fake_proc(tmp.file("proc"), "4:memory:/docker/abc");
    const std::string dir = tmp.file("cgroup") + "/memory/docker/abc";
    write(dir + "/memory.limit_in_bytes", std::to_string(6 * GiB));
    write(dir + "/memory.usage_in_bytes", std::to_string(3 * GiB));
    write(dir + "/memory.stat",
          "cache " + std::to_string(GiB) + "\ntotal_cache " + std::to_string(2 * GiB) + "\n");
    auto readings = pixart::read_memory(tmp.file("proc"), tmp.file("cgroup"));
    EXPECT_EQ(readings.cgroup_limit, 6 * GiB);
    EXPECT_EQ(readings.cgroup_used, 1 * GiB);
    EXPECT_EQ(pixart::budget_from(readings, 0).bytes, 6 * GiB);

    write(dir + "/memory.limit_in_bytes", "9223372036854771712");  // v1's "no limit"
    readings = pixart::read_memory(tmp.file("proc"), tmp.file("cgroup"));
    EXPECT_EQ(readings.cgroup_limit, -1);
}

TEST(MemoryBudget, AUserCapWinsWhenLower) {
    pixart::MemoryReadings readings;
    readings.mem_available = 20 * GiB;
    const auto capped = pixart::budget_from(readings, 3584 * MiB);
    EXPECT_EQ(capped.bytes, 3584 * MiB);
    EXPECT_EQ(capped.source, "--memory-limit 3.5 GiB");
    EXPECT_EQ(pixart::budget_from(readings, 64 * GiB).bytes, 20 * GiB);
}

TEST(MemoryBudget, UnknownMeansUnlimited) {
    const auto budget = pixart::budget_from(pixart::MemoryReadings{}, 0);
    EXPECT_EQ(budget.bytes, std::numeric_limits<std::int64_t>::max());
}

TEST(MemoryBudget, ThisMachineReportsSomething) {
    const auto budget = pixart::memory_budget();
    EXPECT_GT(budget.bytes, 64 * MiB) << budget.source;
}

TEST(MemoryBudget, FormatBytes) {
    EXPECT_EQ(pixart::format_bytes(812 * MiB), "812 MiB");
    EXPECT_EQ(pixart::format_bytes(3584 * MiB), "3.5 GiB");
}

}  // namespace
