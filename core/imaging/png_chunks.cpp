#include "imaging/png_chunks.h"

#include <zlib.h>

#include "api/errors.h"

namespace pixart::imaging {
namespace {

bool is_ascii(const std::string& s) {
    for (unsigned char c : s) {
        if (c >= 0x80) return false;
    }
    return true;
}

}  // namespace

const std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

std::uint32_t read_png_be32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           p[3];
}

void append_png_be32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    out.push_back(std::uint8_t(value >> 24));
    out.push_back(std::uint8_t(value >> 16));
    out.push_back(std::uint8_t(value >> 8));
    out.push_back(std::uint8_t(value));
}

void append_png_chunk(std::vector<std::uint8_t>& out, const char (&type)[5],
                      const std::uint8_t* data, std::size_t size) {
    if (size > 0x7fffffffu) throw Error(ErrorKind::Internal, "a PNG chunk over 2 GiB");
    append_png_be32(out, static_cast<std::uint32_t>(size));
    const std::size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    if (size > 0) out.insert(out.end(), data, data + size);
    const uLong crc = ::crc32(0L, out.data() + start, static_cast<uInt>(out.size() - start));
    append_png_be32(out, static_cast<std::uint32_t>(crc));
}

void append_png_text_chunk(std::vector<std::uint8_t>& out, const std::string& keyword,
                           const std::string& text) {
    if (keyword.empty() || keyword.size() > 79) {
        throw Error(ErrorKind::Internal,
                    "PNG text keyword '" + keyword + "' is not 1-79 characters");
    }
    std::string payload;
    if (is_ascii(text)) {
        payload = keyword + '\0' + text;
        append_png_chunk(out, "tEXt", reinterpret_cast<const std::uint8_t*>(payload.data()),
                         payload.size());
    } else {
        // keyword \0 compression-flag compression-method language \0 translated-keyword \0 text
        payload = keyword + '\0' + '\0' + '\0' + '\0' + '\0' + text;
        append_png_chunk(out, "iTXt", reinterpret_cast<const std::uint8_t*>(payload.data()),
                         payload.size());
    }
}

}  // namespace pixart::imaging
