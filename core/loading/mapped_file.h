// A read-only memory map of a whole file (weights are read in place, never copied to a buffer).
#pragma once

#include <cstddef>
#include <string>

namespace pixart {

class MappedFile {
public:
    // Throws pixart::Error(Io) naming the path when the file cannot be opened or mapped.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::byte* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace pixart
