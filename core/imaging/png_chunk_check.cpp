#include "imaging/png_chunk_check.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>

#include "api/errors.h"
#include "imaging/png_chunks.h"

namespace pixart::imaging {

namespace {

constexpr std::uint32_t kMaxChunkLength = 0x7fffffffu;  // the PNG specification's limit

std::string printable_type(const unsigned char* type) {
    std::string text;
    for (int i = 0; i < 4; ++i) {
        const unsigned char c = type[i];
        text += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    return text;
}

std::string size_text(std::uint64_t bytes) {
    char text[32];
    if (bytes >= 1000000) {
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    } else {
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    }
    return text;
}

}  // namespace

void check_png_chunk_lengths(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return;  // the reader reports what it cannot open
    in.seekg(0, std::ios::end);
    const auto file_size = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    unsigned char signature[8] = {};
    if (!in.read(reinterpret_cast<char*>(signature), 8) ||
        !std::equal(signature, signature + 8, kPngSignature)) {
        return;
    }
    std::uint64_t offset = 8;
    unsigned char header[8];
    while (offset + 8 <= file_size) {
        in.seekg(static_cast<std::streamoff>(offset));
        if (!in.read(reinterpret_cast<char*>(header), 8)) return;
        const std::uint32_t length = read_png_be32(header);
        const std::uint64_t left = file_size - offset - 8;  // data and CRC must fit in this
        if (length > kMaxChunkLength || std::uint64_t{length} + 4 > left) {
            throw Error(ErrorKind::CorruptFile,
                        path + ": damaged PNG: its '" + printable_type(header + 4) +
                            "' chunk at byte " + std::to_string(offset) + " declares " +
                            size_text(length) + " but only " + size_text(left) +
                            " follow in the file");
        }
        if (printable_type(header + 4) == "IEND") return;
        offset += 12 + std::uint64_t{length};
    }
}

}  // namespace pixart::imaging
