#include "imaging/png_text_chunks.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

#include "api/errors.h"
#include "imaging/atomic_file.h"

namespace pixart::imaging {
namespace {

constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

std::uint32_t read_be32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           p[3];
}

void append_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    out.push_back(std::uint8_t(v >> 24));
    out.push_back(std::uint8_t(v >> 16));
    out.push_back(std::uint8_t(v >> 8));
    out.push_back(std::uint8_t(v));
}

void append_chunk(std::vector<std::uint8_t>& out, const char* type, const std::string& payload) {
    append_be32(out, static_cast<std::uint32_t>(payload.size()));
    const std::size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), payload.begin(), payload.end());
    append_be32(out, crc32(out.data() + start, out.size() - start));
}

bool is_ascii(const std::string& s) {
    for (unsigned char c : s) {
        if (c >= 0x80) return false;
    }
    return true;
}

std::vector<std::uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_io_error(path, "cannot read back the written file", errno ? errno : EIO);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct ChunkWalk {
    std::size_t first_idat = 0;                               // offset of the first IDAT chunk
    std::vector<std::pair<std::size_t, std::size_t>> chunks;  // (offset, total size)
};

// Every chunk must fit, IHDR first, IEND last and exactly at the end of the file.
ChunkWalk walk(const std::vector<std::uint8_t>& bytes, const std::string& path) {
    const auto truncated = [&](const std::string& why) {
        throw Error(ErrorKind::Io,
                    path + ": the written PNG is incomplete (" + why + "); is the disk full?");
    };
    if (bytes.size() < 8 || std::memcmp(bytes.data(), kSignature, 8) != 0)
        truncated("no PNG signature");
    ChunkWalk result;
    std::size_t pos = 8;
    bool ended = false;
    while (pos < bytes.size()) {
        if (bytes.size() - pos < 12) truncated("a cut-off chunk header");
        const std::size_t length = read_be32(&bytes[pos]);
        if (length > bytes.size() - pos - 12) truncated("a cut-off chunk");
        const char* type = reinterpret_cast<const char*>(&bytes[pos + 4]);
        if (result.chunks.empty() && std::memcmp(type, "IHDR", 4) != 0) truncated("no IHDR");
        if (std::memcmp(type, "IDAT", 4) == 0 && result.first_idat == 0) result.first_idat = pos;
        result.chunks.emplace_back(pos, length + 12);
        pos += length + 12;
        if (std::memcmp(type, "IEND", 4) == 0) {
            ended = true;
            break;
        }
    }
    if (!ended || pos != bytes.size()) truncated("no IEND at the end");
    if (result.first_idat == 0) truncated("no image data");
    return result;
}

}  // namespace

void insert_png_text_chunks(const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& texts) {
    const std::vector<std::uint8_t> bytes = read_file(path);
    const ChunkWalk chunks = walk(bytes, path);
    if (texts.empty()) return;  // checked; nothing to add

    std::vector<std::uint8_t> inserted;
    for (const auto& [keyword, text] : texts) {
        if (keyword.empty() || keyword.size() > 79) {
            throw Error(ErrorKind::Internal,
                        "PNG text keyword '" + keyword + "' is not 1-79 characters");
        }
        if (is_ascii(text)) {
            append_chunk(inserted, "tEXt", keyword + '\0' + text);
        } else {
            // keyword \0 compression-flag compression-method language \0 translated-keyword \0 text
            append_chunk(inserted, "iTXt", keyword + '\0' + '\0' + '\0' + '\0' + '\0' + text);
        }
    }

    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) throw_io_error(path, "cannot rewrite the PNG", errno);
    const auto write_all = [&](const std::uint8_t* data, std::size_t size) {
        while (size > 0) {
            const ssize_t n = ::write(fd, data, size);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                const int error_number = n < 0 ? errno : EIO;
                ::close(fd);
                throw_io_error(path, "could not write the file", error_number);
            }
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    };
    write_all(bytes.data(), chunks.first_idat);
    write_all(inserted.data(), inserted.size());
    write_all(bytes.data() + chunks.first_idat, bytes.size() - chunks.first_idat);
    if (::close(fd) != 0) throw_io_error(path, "could not write the file", errno);
}

std::vector<std::pair<std::string, std::string>> read_png_text_chunks(
    const std::string& path, std::vector<std::string>* types) {
    const std::vector<std::uint8_t> bytes = read_file(path);
    const ChunkWalk chunks = walk(bytes, path);
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& [offset, size] : chunks.chunks) {
        if (offset >= chunks.first_idat) break;
        const std::string type(reinterpret_cast<const char*>(&bytes[offset + 4]), 4);
        const std::string data(reinterpret_cast<const char*>(&bytes[offset + 8]), size - 12);
        const auto nul = data.find('\0');
        if (nul == std::string::npos) continue;
        if (type == "tEXt") {
            texts.emplace_back(data.substr(0, nul), data.substr(nul + 1));
        } else if (type == "iTXt" && nul + 2 < data.size() && data[nul + 1] == 0) {
            const auto language_end = data.find('\0', nul + 3);
            const auto translated_end = language_end == std::string::npos
                                            ? std::string::npos
                                            : data.find('\0', language_end + 1);
            if (translated_end == std::string::npos) continue;
            texts.emplace_back(data.substr(0, nul), data.substr(translated_end + 1));
        } else {
            continue;
        }
        if (types) types->push_back(type);
    }
    return texts;
}

}  // namespace pixart::imaging
