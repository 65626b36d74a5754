#include "api/history_record.h"

#include <chrono>

#include "library/utc_timestamp.h"

namespace pixart {

std::string current_utc_timestamp() {
    return library::format_utc_timestamp(std::chrono::system_clock::now());
}

}  // namespace pixart
