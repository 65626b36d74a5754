// Format: https://github.com/huggingface/safetensors (8-byte little-endian header length N, N bytes
// of JSON, then the data area).
#include "loading/safetensors_file.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "loading/mapped_file.h"

namespace pixart {
namespace {

// Real headers are a few hundred KiB (T5-XXL shards); anything near this is a damaged file.
constexpr std::uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

[[noreturn]] void corrupt(const std::string& path, const std::string& what) {
    throw Error(ErrorKind::CorruptFile, path + ": not a valid safetensors file: " + what);
}

std::uint64_t read_u64_le(const std::byte* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(p[i]);
    return v;
}

}  // namespace

std::int64_t TensorInfo::numel() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

SafetensorsFile::SafetensorsFile(const std::string& path)
    : file_(std::make_unique<MappedFile>(path)) {
    const std::size_t file_size = file_->size();
    if (file_size < 8) corrupt(path, "file is " + std::to_string(file_size) + " bytes, shorter than the 8-byte header length");
    const std::uint64_t header_len = read_u64_le(file_->data());
    if (header_len > file_size - 8) {
        corrupt(path, "header length " + std::to_string(header_len) + " is larger than the file (" +
                          std::to_string(file_size) + " bytes): truncated or not safetensors");
    }
    if (header_len > kMaxHeaderBytes) corrupt(path, "header length " + std::to_string(header_len) + " is implausibly large");
    data_start_ = 8 + header_len;
    const std::uint64_t data_size = file_size - data_start_;

    nlohmann::json header;
    try {
        const char* text = reinterpret_cast<const char*>(file_->data() + 8);
        header = nlohmann::json::parse(text, text + header_len);
    } catch (const nlohmann::json::exception& e) {
        corrupt(path, std::string("header is not well-formed JSON (") + e.what() + ")");
    }
    if (!header.is_object()) corrupt(path, "header is not a JSON object");

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const auto& entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object()) corrupt(path, "__metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string()) corrupt(path, "__metadata__ value '" + m.key() + "' is not a string");
                metadata_[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor '" + name + "': ";
        if (!entry.is_object()) corrupt(path, where + "entry is not an object");
        if (!entry.contains("dtype") || !entry["dtype"].is_string()) corrupt(path, where + "missing dtype");
        if (!entry.contains("shape") || !entry["shape"].is_array()) corrupt(path, where + "missing shape");
        if (!entry.contains("data_offsets") || !entry["data_offsets"].is_array() ||
            entry["data_offsets"].size() != 2) {
            corrupt(path, where + "missing data_offsets [begin, end]");
        }
        TensorInfo info;
        info.name = name;
        const auto dtype_text = entry["dtype"].get<std::string>();
        const auto dtype = parse_dtype(dtype_text);
        if (!dtype) corrupt(path, where + "unknown dtype '" + dtype_text + "'");
        info.dtype = *dtype;
        std::uint64_t elements = 1;
        for (const auto& d : entry["shape"]) {
            if (!d.is_number_integer() || d.get<std::int64_t>() < 0) corrupt(path, where + "shape has a negative or non-integer dimension");
            const auto dim = d.get<std::uint64_t>();
            if (dim != 0 && elements > std::numeric_limits<std::uint64_t>::max() / 16 / dim) corrupt(path, where + "shape is too large");
            elements *= dim;
            info.shape.push_back(static_cast<std::int64_t>(dim));
        }
        for (const auto& o : entry["data_offsets"]) {
            if (!o.is_number_integer() || o.get<std::int64_t>() < 0) corrupt(path, where + "data_offsets are not non-negative integers");
        }
        info.begin = entry["data_offsets"][0].get<std::uint64_t>();
        info.end = entry["data_offsets"][1].get<std::uint64_t>();
        if (info.end < info.begin) corrupt(path, where + "data_offsets end before they begin");
        if (info.end > data_size) {
            corrupt(path, where + "data_offsets [" + std::to_string(info.begin) + ", " + std::to_string(info.end) +
                              "] lie outside the data area (" + std::to_string(data_size) + " bytes): truncated file?");
        }
        const std::uint64_t expected = elements * dtype_size(info.dtype);
        if (info.byte_size() != expected) {
            corrupt(path, where + "holds " + std::to_string(info.byte_size()) + " bytes but shape × " +
                              dtype_name(info.dtype) + " needs " + std::to_string(expected));
        }
        tensors_.push_back(std::move(info));
    }

    std::vector<const TensorInfo*> by_offset;
    for (const auto& t : tensors_) by_offset.push_back(&t);
    std::sort(by_offset.begin(), by_offset.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->begin < b->begin; });
    for (std::size_t i = 1; i < by_offset.size(); ++i) {
        if (by_offset[i]->begin < by_offset[i - 1]->end) {
            corrupt(path, "tensors '" + by_offset[i - 1]->name + "' and '" + by_offset[i]->name + "' overlap");
        }
    }
    for (std::size_t i = 0; i < tensors_.size(); ++i) index_[tensors_[i].name] = i;
}

SafetensorsFile::~SafetensorsFile() = default;
SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;

const std::string& SafetensorsFile::path() const { return file_->path(); }

const TensorInfo* SafetensorsFile::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

const std::byte* SafetensorsFile::data(const TensorInfo& info) const {
    return file_->data() + data_start_ + info.begin;
}

void SafetensorsFile::release(const TensorInfo& info) const noexcept {
    file_->release(data(info), info.byte_size());
}

void SafetensorsFile::prefetch(const TensorInfo& info) const noexcept {
    file_->prefetch(data(info), info.byte_size());
}

void SafetensorsFile::populate(const TensorInfo& info) const noexcept {
    file_->populate(data(info), info.byte_size());
}

void SafetensorsFile::evict_from_page_cache() const noexcept { file_->evict_from_page_cache(); }

std::uint64_t SafetensorsFile::file_size() const { return file_->size(); }

std::string SafetensorsFile::header_bytes() const {
    return std::string(reinterpret_cast<const char*>(file_->data()), data_start_);
}

}  // namespace pixart
