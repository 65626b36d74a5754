#include "safetensors_writer.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace pixart::test {

void write_raw_safetensors(const std::string& path, const std::string& header, const std::string& data,
                           std::uint64_t declared_header_length) {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 8; ++i) out.put(static_cast<char>((declared_header_length >> (8 * i)) & 0xff));
    out << header << data;
}

void write_safetensors(const std::string& path, const std::vector<RawTensor>& tensors) {
    std::ostringstream header;
    std::string data;
    header << '{';
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const auto& t = tensors[i];
        const std::size_t begin = data.size();
        data.append(reinterpret_cast<const char*>(t.values.data()), t.values.size() * sizeof(float));
        header << (i ? "," : "") << '"' << t.name << "\":{\"dtype\":\"" << t.dtype << "\",\"shape\":[";
        for (std::size_t d = 0; d < t.shape.size(); ++d) header << (d ? "," : "") << t.shape[d];
        header << "],\"data_offsets\":[" << begin << ',' << data.size() << "]}";
    }
    header << '}';
    write_raw_safetensors(path, header.str(), data, header.str().size());
}

}  // namespace pixart::test
