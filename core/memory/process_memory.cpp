#include "memory/process_memory.h"

#include <malloc.h>

#include <fstream>
#include <string>

namespace pixart::process_memory {
namespace {

// A "Name:   1234 kB" line of /proc/self/status, in MiB.
double status_mib(const std::string& name) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, name.size() + 1, name + ":") == 0)
            return std::stod(line.substr(name.size() + 1)) / 1024.0;
    }
    return 0.0;
}

}  // namespace

double current_rss_mib() { return status_mib("VmRSS"); }
double peak_rss_mib() { return status_mib("VmHWM"); }

bool reset_peak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

void return_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace pixart::process_memory
