#include "memory/activation_store.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "api/errors.h"

namespace pixart::memory {

namespace {

std::string gigabytes(std::int64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / 1e9);
    return text;
}

}  // namespace

ActivationStore::ActivationStore(std::int64_t resident_budget_bytes, std::string spill_directory)
    : budget_(resident_budget_bytes),
      directory_(std::move(spill_directory)),
      resident_(std::make_shared<std::atomic<std::int64_t>>(0)),
      spilled_(std::make_shared<std::atomic<std::int64_t>>(0)) {}

torch::Tensor ActivationStore::allocate(torch::IntArrayRef shape,
                                        const torch::TensorOptions& options) {
    if (!options.device().is_cpu()) return torch::empty(shape, options);
    std::int64_t elements = 1;
    for (const auto size : shape) elements *= size;
    const std::int64_t bytes =
        elements *
        static_cast<std::int64_t>(c10::elementSize(c10::typeMetaToScalarType(options.dtype())));
    if (bytes == 0) return torch::empty(shape, options);
    auto tensor = *resident_ + bytes <= budget_ ? allocate_resident(shape, options, bytes)
                                                : allocate_spilled(shape, options, bytes);
    peak_ = std::max<std::int64_t>(peak_, *resident_ + *spilled_);
    return tensor;
}

torch::Tensor ActivationStore::allocate_resident(torch::IntArrayRef shape,
                                                 const torch::TensorOptions& options,
                                                 std::int64_t bytes) {
    void* data = nullptr;
    if (posix_memalign(&data, 64, static_cast<std::size_t>(bytes)) != 0) {
        throw Error(ErrorKind::OutOfMemory,
                    "vae decode: cannot allocate an activation of " + gigabytes(bytes));
    }
    *resident_ += bytes;
    auto counter = resident_;
    return torch::from_blob(
        data, shape,
        [counter, bytes](void* p) {
            std::free(p);
            *counter -= bytes;
        },
        options);
}

torch::Tensor ActivationStore::allocate_spilled(torch::IntArrayRef shape,
                                                const torch::TensorOptions& options,
                                                std::int64_t bytes) {
    namespace fs = std::filesystem;
    std::error_code ignored;
    const fs::path directory =
        directory_.empty() ? fs::temp_directory_path(ignored) : fs::path(directory_);
    std::string pattern = (directory / "pixart-decode-XXXXXX").string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = mkstemp(name.data());
    if (fd < 0) {
        throw Error(ErrorKind::Io, "vae decode: cannot create a spill file in " +
                                       directory.string() + ": " + std::strerror(errno));
    }
    unlink(name.data());  // gone from the folder at once; its blocks last until unmapped
    const int reserved = posix_fallocate(fd, 0, static_cast<off_t>(bytes));
    if (reserved != 0) {
        close(fd);
        throw Error(ErrorKind::Io, "vae decode: cannot reserve " + gigabytes(bytes) +
                                       " of disk in " + directory.string() +
                                       " for the decode's activations: " + std::strerror(reserved));
    }
    void* data =
        mmap(nullptr, static_cast<std::size_t>(bytes), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    const int mapped_errno = errno;
    close(fd);  // the mapping keeps the file
    if (data == MAP_FAILED) {
        throw Error(ErrorKind::Io, "vae decode: cannot map a spill file of " + gigabytes(bytes) +
                                       ": " + std::strerror(mapped_errno));
    }
    *spilled_ += bytes;
    peak_spilled_ = std::max<std::int64_t>(peak_spilled_, *spilled_);
    auto counter = spilled_;
    return torch::from_blob(
        data, shape,
        [counter, bytes](void* p) {
            munmap(p, static_cast<std::size_t>(bytes));
            *counter -= bytes;
        },
        options);
}

}  // namespace pixart::memory
