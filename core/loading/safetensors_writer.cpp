#include "loading/safetensors_writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "api/errors.h"

namespace pixart {
namespace {

const char* safetensors_dtype(torch::ScalarType type) {
    switch (type) {
        case torch::kFloat64: return "F64";
        case torch::kFloat32: return "F32";
        case torch::kFloat16: return "F16";
        case torch::kBFloat16: return "BF16";
        case torch::kInt64: return "I64";
        case torch::kInt32: return "I32";
        case torch::kInt16: return "I16";
        case torch::kInt8: return "I8";
        case torch::kUInt8: return "U8";
        case torch::kBool: return "BOOL";
        default: break;
    }
    throw Error(ErrorKind::Unsupported, std::string("cannot write tensors of type ") + c10::toString(type));
}

}  // namespace

void write_safetensors(const std::string& path, const TensorMap& tensors,
                       const std::map<std::string, std::string>& metadata) {
    std::map<std::string, torch::Tensor> prepared;
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        auto t = tensor.detach().to(torch::kCPU).contiguous();
        const std::uint64_t bytes = static_cast<std::uint64_t>(t.numel()) * t.element_size();
        header[name] = {{"dtype", safetensors_dtype(t.scalar_type())},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        prepared[name] = t;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // keep the data area 8-byte aligned

    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
        // Renaming over a device node, a pipe or a link would replace it (as root even
        // /dev/null): only regular files are ever replaced.
        throw Error(ErrorKind::Io, path + ": is not a regular file (a folder, a device, a pipe, "
                                          "a socket or a link); refusing to replace it");
    }
    // A name of its own (process id + counter): two writers of one path (the studio and the CLI
    // storing the same prompt embedding) never share a temporary file.
    static std::atomic<unsigned> counter{0};
    const std::string temporary = path + "." + std::to_string(::getpid()) + "-" +
                                  std::to_string(counter++) + ".partial";
    std::FILE* file = std::fopen(temporary.c_str(), "wbx");
    if (file == nullptr) throw Error(ErrorKind::Io, path + ": cannot write: " + std::strerror(errno));
    bool ok = true;
    unsigned char length[8];
    for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>((text.size() >> (8 * i)) & 0xff);
    ok = ok && std::fwrite(length, 1, 8, file) == 8;
    ok = ok && std::fwrite(text.data(), 1, text.size(), file) == text.size();
    for (const auto& [name, t] : prepared) {  // std::map: same order as the offsets above
        const std::size_t bytes = static_cast<std::size_t>(t.numel()) * t.element_size();
        ok = ok && (bytes == 0 || std::fwrite(t.data_ptr(), 1, bytes, file) == bytes);
    }
    const int saved_errno = errno;
    ok = (std::fclose(file) == 0) && ok;
    if (!ok) {
        std::remove(temporary.c_str());
        throw Error(ErrorKind::Io, path + ": write failed: " + std::strerror(saved_errno ? saved_errno : EIO));
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::remove(temporary.c_str());
        throw Error(ErrorKind::Io, path + ": cannot replace: " + ec.message());
    }
}

}  // namespace pixart
