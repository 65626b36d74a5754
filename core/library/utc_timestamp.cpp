#include "library/utc_timestamp.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace pixart::library {
namespace {

bool digits_at(const std::string& text, std::size_t position, std::size_t count, int& value) {
    if (position + count > text.size()) return false;
    value = 0;
    for (std::size_t i = position; i < position + count; ++i) {
        if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

UtcTime to_utc_time(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    const auto since_epoch = floor<milliseconds>(time.time_since_epoch());
    const auto whole_seconds = floor<seconds>(since_epoch);
    const std::time_t seconds_since_epoch = static_cast<std::time_t>(whole_seconds.count());
    std::tm utc{};
    gmtime_r(&seconds_since_epoch, &utc);
    UtcTime t;
    t.year = utc.tm_year + 1900;
    t.month = utc.tm_mon + 1;
    t.day = utc.tm_mday;
    t.hour = utc.tm_hour;
    t.minute = utc.tm_min;
    t.second = utc.tm_sec;
    t.millisecond = static_cast<int>((since_epoch - whole_seconds).count());
    return t;
}

std::string format_utc_timestamp(std::chrono::system_clock::time_point time) {
    const UtcTime t = to_utc_time(time);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.year, t.month,
                  t.day, t.hour, t.minute, t.second, t.millisecond);
    return buffer;
}

std::optional<UtcTime> parse_utc_timestamp(const std::string& text) {
    UtcTime t;
    const bool fields = digits_at(text, 0, 4, t.year) && text.size() > 4 && text[4] == '-' &&
                        digits_at(text, 5, 2, t.month) && text.size() > 7 && text[7] == '-' &&
                        digits_at(text, 8, 2, t.day) && text.size() > 10 && text[10] == 'T' &&
                        digits_at(text, 11, 2, t.hour) && text.size() > 13 && text[13] == ':' &&
                        digits_at(text, 14, 2, t.minute) && text.size() > 16 && text[16] == ':' &&
                        digits_at(text, 17, 2, t.second);
    if (!fields) return std::nullopt;
    std::size_t end = 19;
    if (end < text.size() && text[end] == '.') {
        std::size_t digits = 0;
        int scale = 100;
        for (++end; end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0;
             ++end, ++digits) {
            t.millisecond += (text[end] - '0') * scale;
            scale /= 10;
        }
        if (digits == 0) return std::nullopt;
    }
    if (end + 1 != text.size() || text[end] != 'Z') return std::nullopt;
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 ||
        t.second > 60) {
        return std::nullopt;
    }
    return t;
}

std::string compact_utc_timestamp(const UtcTime& time) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d-%02d%02d%02d", time.year, time.month,
                  time.day, time.hour, time.minute, time.second);
    return buffer;
}

}  // namespace pixart::library
