#include "imaging/png_text_chunks.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

#include "api/errors.h"
#include "imaging/atomic_file.h"
#include "imaging/png_chunks.h"

namespace pixart::imaging {
namespace {

std::vector<std::uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_io_error(path, "cannot read the PNG", errno ? errno : EIO);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct ChunkWalk {
    std::size_t first_idat = 0;                               // offset of the first IDAT chunk
    std::vector<std::pair<std::size_t, std::size_t>> chunks;  // (offset, total size)
};

// Every chunk must fit, IHDR first, IEND last and exactly at the end of the file.
ChunkWalk walk(const std::vector<std::uint8_t>& bytes, const std::string& path) {
    const auto truncated = [&](const std::string& why) {
        throw Error(ErrorKind::Io, path + ": the PNG is incomplete or damaged (" + why + ")");
    };
    if (bytes.size() < 8 || std::memcmp(bytes.data(), kPngSignature, 8) != 0)
        truncated("no PNG signature");
    ChunkWalk result;
    std::size_t pos = 8;
    bool ended = false;
    while (pos < bytes.size()) {
        if (bytes.size() - pos < 12) truncated("a cut-off chunk header");
        const std::size_t length = read_png_be32(&bytes[pos]);
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
