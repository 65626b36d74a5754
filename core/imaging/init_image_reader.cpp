// read_init_image (api/image_export.h): the picture and the SHA-256 of its file (Nettle).
#include <nettle/sha2.h>

#include <array>
#include <cstdio>
#include <memory>

#include "api/errors.h"
#include "api/image_export.h"

namespace pixart {

std::string file_sha256(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) throw Error(ErrorKind::Io, path + ": cannot be read");
    sha256_ctx context;
    sha256_init(&context);
    std::array<unsigned char, 1 << 16> buffer{};
    std::size_t count = 0;
    while ((count = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0)
        sha256_update(&context, count, buffer.data());
    if (std::ferror(file.get())) throw Error(ErrorKind::Io, path + ": read error");
    std::array<unsigned char, SHA256_DIGEST_SIZE> digest{};
    sha256_digest(&context, digest.size(), digest.data());
    static const char* hex = "0123456789abcdef";
    std::string text;
    for (unsigned char byte : digest) {
        text += hex[byte >> 4];
        text += hex[byte & 15];
    }
    return text;
}

InitImage read_init_image(const std::string& path) {
    InitImage init;
    init.path = path;
    init.pixels = read_image(path);
    // Hashed after decoding: a file that does not decode is reported as such, not as a hash.
    init.sha256 = file_sha256(path);
    return init;
}

std::string attach_init_image(const GenerationMetadata& metadata, GenerationRequest& request) {
    if (metadata.strength <= 0.0 || metadata.init_image.empty()) return "";
    InitImage init;
    try {
        init = read_init_image(metadata.init_image);
    } catch (const Error& e) {
        return "the init image " + metadata.init_image + " cannot be used (" + e.what() +
               "): the settings are restored without it";
    }
    request.strength = metadata.strength;
    const bool changed =
        !metadata.init_image_sha256.empty() && init.sha256 != metadata.init_image_sha256;
    request.init_image = std::make_shared<const InitImage>(std::move(init));
    if (changed) {
        return "the init image " + metadata.init_image +
               " has changed since (another SHA-256): it is used as it is now";
    }
    return "";
}

}  // namespace pixart
