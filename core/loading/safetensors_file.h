// A safetensors file, memory-mapped and validated before anything in it is trusted:
// header length within the file, well-formed JSON, known dtypes, offsets inside the data area and
// equal to shape × dtype size, no two tensors overlapping. Any violation is a
// pixart::Error(CorruptFile) naming the file, the tensor and the problem.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "loading/dtype.h"

namespace pixart {

class MappedFile;

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // byte offsets into the data area (after the header)
    std::uint64_t end = 0;

    std::int64_t numel() const;
    std::uint64_t byte_size() const { return end - begin; }
};

class SafetensorsFile {
public:
    explicit SafetensorsFile(const std::string& path);
    ~SafetensorsFile();
    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;

    const std::string& path() const;
    const std::vector<TensorInfo>& tensors() const { return tensors_; }  // in header order
    const TensorInfo* find(const std::string& name) const;               // nullptr when absent
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

    // The raw little-endian bytes of a tensor (byte_size() of them), valid while *this lives.
    const std::byte* data(const TensorInfo& info) const;

    // The map's page management (see MappedFile) for one tensor's bytes.
    void release(const TensorInfo& info) const noexcept;
    void prefetch(const TensorInfo& info) const noexcept;
    void populate(const TensorInfo& info) const noexcept;
    void evict_from_page_cache() const noexcept;
    std::uint64_t file_size() const;
    // The 8-byte length and the JSON header: what identifies a file's layout without its data.
    std::string header_bytes() const;

  private:
    std::unique_ptr<MappedFile> file_;
    std::uint64_t data_start_ = 0;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, std::string> metadata_;
};

}  // namespace pixart
