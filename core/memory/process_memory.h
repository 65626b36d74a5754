// Resident memory of this process (Linux /proc), for the benchmarks' peak-RSS figures.
#pragma once

namespace pixart::process_memory {

double current_rss_mib();  // VmRSS; 0 when unknown
double peak_rss_mib();     // VmHWM since start or the last reset_peak(); 0 when unknown

// Restarts the peak at the current RSS (writes 5 to /proc/self/clear_refs, Linux >= 4.0), so the
// peak of one stage can be read on its own. false when the kernel refuses.
bool reset_peak();

// Hands freed heap pages back to the system (glibc keeps them otherwise, and RSS would count
// memory a released model no longer uses).
void return_free_memory();

}  // namespace pixart::process_memory
