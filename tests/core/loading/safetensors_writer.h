// Writes safetensors files for tests — valid ones and deliberately broken ones.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pixart::test {

struct RawTensor {
    std::string name;
    std::string dtype = "F32";
    std::vector<std::int64_t> shape;
    std::vector<float> values;  // written as F32 bytes
};

// A valid file holding `tensors` (F32 only), packed in order.
void write_safetensors(const std::string& path, const std::vector<RawTensor>& tensors);

// Exactly these bytes: an 8-byte little-endian `declared_header_length`, `header`, then `data`.
void write_raw_safetensors(const std::string& path, const std::string& header, const std::string& data,
                           std::uint64_t declared_header_length);

}  // namespace pixart::test
