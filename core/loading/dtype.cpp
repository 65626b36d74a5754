#include "loading/dtype.h"

#include <array>
#include <utility>

namespace pixart {
namespace {

struct DTypeEntry {
    DType dtype;
    const char* name;
    std::size_t size;
    bool floating;
};

constexpr std::array<DTypeEntry, 12> kDTypes{{
    {DType::F64, "F64", 8, true},
    {DType::F32, "F32", 4, true},
    {DType::F16, "F16", 2, true},
    {DType::BF16, "BF16", 2, true},
    {DType::I64, "I64", 8, false},
    {DType::I32, "I32", 4, false},
    {DType::I16, "I16", 2, false},
    {DType::I8, "I8", 1, false},
    {DType::U8, "U8", 1, false},
    {DType::Bool, "BOOL", 1, false},
    {DType::F8_E4M3, "F8_E4M3", 1, true},
    {DType::F8_E5M2, "F8_E5M2", 1, true},
}};

const DTypeEntry& entry(DType dtype) {
    for (const auto& e : kDTypes) {
        if (e.dtype == dtype) return e;
    }
    return kDTypes[1];
}

}  // namespace

std::optional<DType> parse_dtype(const std::string& name) {
    for (const auto& e : kDTypes) {
        if (name == e.name) return e.dtype;
    }
    return std::nullopt;
}

const char* dtype_name(DType dtype) noexcept { return entry(dtype).name; }
std::size_t dtype_size(DType dtype) noexcept { return entry(dtype).size; }
bool is_floating(DType dtype) noexcept { return entry(dtype).floating; }

}  // namespace pixart
