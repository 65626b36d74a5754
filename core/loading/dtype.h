// Element types of safetensors files, by their header names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace pixart {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool, F8_E4M3, F8_E5M2 };

std::optional<DType> parse_dtype(const std::string& name);
const char* dtype_name(DType dtype) noexcept;
std::size_t dtype_size(DType dtype) noexcept;
bool is_floating(DType dtype) noexcept;

}  // namespace pixart
