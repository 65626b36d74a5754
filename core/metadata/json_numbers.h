// Numbers from JSON other tools wrote (InvokeAI, ComfyUI, our own files from elsewhere): read into
// an int saturated, never wrapped (4294967298 steps read as 2 would pass as valid) and never a
// float cast outside int's range (undefined behaviour; found by fuzz_invokeai_metadata: "steps":
// 3.1e63). An out-of-range value becomes INT_MAX/INT_MIN, which the request checks refuse.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>

namespace pixart {

// Integers saturated; floats truncated toward zero, then saturated; anything else: nullopt.
inline std::optional<int> json_to_int(const nlohmann::json& value) {
    if (value.is_number_unsigned())
        return static_cast<int>(std::min<std::uint64_t>(value.get<std::uint64_t>(), INT_MAX));
    if (value.is_number_integer())
        return static_cast<int>(
            std::clamp<std::int64_t>(value.get<std::int64_t>(), INT_MIN, INT_MAX));
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::isnan(d)) return std::nullopt;
        return static_cast<int>(std::clamp<double>(std::trunc(d), INT_MIN, INT_MAX));
    }
    return std::nullopt;
}

}  // namespace pixart
