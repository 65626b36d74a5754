// The history's timestamps: ISO-8601 UTC with milliseconds, "2026-11-26T13:45:01.123Z". Fixed
// width, so ORDER BY created is time order.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace pixart::library {

struct UtcTime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millisecond = 0;
};

UtcTime to_utc_time(std::chrono::system_clock::time_point time);
std::string format_utc_timestamp(std::chrono::system_clock::time_point time);
// Accepts "YYYY-MM-DDTHH:MM:SSZ", with an optional fraction before the Z; nullopt otherwise.
std::optional<UtcTime> parse_utc_timestamp(const std::string& text);
// "20261126-134501", for file names.
std::string compact_utc_timestamp(const UtcTime& time);

}  // namespace pixart::library
