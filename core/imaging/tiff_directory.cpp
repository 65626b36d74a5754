#include "imaging/tiff_directory.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "api/errors.h"
#include "imaging/atomic_file.h"

namespace pixart::imaging {
namespace {

std::size_t type_size(std::uint16_t type) {
    switch (type) {
        case 1:
        case 2:
        case 6:
        case 7:
            return 1;
        case 3:
        case 8:
            return 2;
        case 4:
        case 9:
        case 11:
        case 13:
            return 4;
        case 5:
        case 10:
        case 12:
            return 8;
        default:
            return 0;
    }
}

// pread() everything or throw.
void read_at(int fd, const std::string& path, std::uint64_t offset, void* out, std::size_t size) {
    auto* p = static_cast<std::uint8_t*>(out);
    while (size > 0) {
        const ssize_t n = ::pread(fd, p, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_io_error(path, "cannot read the TIFF", errno);
        if (n == 0)
            throw Error(ErrorKind::CorruptFile, path + ": the TIFF ends inside its directory");
        p += n;
        offset += static_cast<std::uint64_t>(n);
        size -= static_cast<std::size_t>(n);
    }
}

void write_at(int fd, const std::string& path, std::uint64_t offset, const void* data,
              std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, p, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw_io_error(path, "could not write the file", n < 0 ? errno : EIO);
        p += n;
        offset += static_cast<std::uint64_t>(n);
        size -= static_cast<std::size_t>(n);
    }
}

class Fd {
  public:
    Fd(const std::string& path, int flags) : fd_(::open(path.c_str(), flags | O_CLOEXEC)) {
        if (fd_ < 0) throw_io_error(path, "cannot open the TIFF", errno);
    }
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

}  // namespace

TiffDirectory::TiffDirectory(std::string path) : path_(std::move(path)) {
    const Fd fd(path_, O_RDONLY);
    std::uint8_t header[8];
    read_at(fd.get(), path_, 0, header, 8);
    if (header[0] == 'I' && header[1] == 'I') {
        little_endian_ = true;
    } else if (header[0] == 'M' && header[1] == 'M') {
        little_endian_ = false;
    } else {
        throw Error(ErrorKind::CorruptFile, path_ + ": not a TIFF file");
    }
    if (u16(header + 2) != 42)
        throw Error(ErrorKind::CorruptFile, path_ + ": not a classic TIFF (BigTIFF?)");
    const std::uint32_t ifd = u32(header + 4);
    std::uint8_t count_bytes[2];
    read_at(fd.get(), path_, ifd, count_bytes, 2);
    const std::uint16_t count = u16(count_bytes);
    std::vector<std::uint8_t> raw(std::size_t(count) * 12 + 4);
    read_at(fd.get(), path_, ifd + 2ull, raw.data(), raw.size());
    for (std::uint16_t i = 0; i < count; ++i) {
        Entry e;
        const std::uint8_t* p = raw.data() + std::size_t(i) * 12;
        e.tag = u16(p);
        e.type = u16(p + 2);
        e.count = u32(p + 4);
        std::memcpy(e.field, p + 8, 4);
        entries_.push_back(std::move(e));
    }
    next_ifd_ = u32(raw.data() + std::size_t(count) * 12);
}

std::uint16_t TiffDirectory::u16(const std::uint8_t* p) const {
    return little_endian_ ? std::uint16_t(p[0] | (p[1] << 8)) : std::uint16_t((p[0] << 8) | p[1]);
}

std::uint32_t TiffDirectory::u32(const std::uint8_t* p) const {
    return little_endian_ ? std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) |
                                (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24)
                          : (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
                                (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

void TiffDirectory::put16(std::uint8_t* p, std::uint16_t v) const {
    if (little_endian_) {
        p[0] = std::uint8_t(v);
        p[1] = std::uint8_t(v >> 8);
    } else {
        p[0] = std::uint8_t(v >> 8);
        p[1] = std::uint8_t(v);
    }
}

void TiffDirectory::put32(std::uint8_t* p, std::uint32_t v) const {
    for (int i = 0; i < 4; ++i) p[little_endian_ ? i : 3 - i] = std::uint8_t(v >> (8 * i));
}

const TiffDirectory::Entry* TiffDirectory::find(std::uint16_t tag) const {
    for (const auto& e : entries_) {
        if (e.tag == tag) return &e;
    }
    return nullptr;
}

TiffDirectory::Entry& TiffDirectory::upsert(std::uint16_t tag) {
    for (auto& e : entries_) {
        if (e.tag == tag) return e;
    }
    entries_.push_back(Entry{});
    entries_.back().tag = tag;
    return entries_.back();
}

bool TiffDirectory::has(std::uint16_t tag) const { return find(tag) != nullptr; }

std::vector<std::uint8_t> TiffDirectory::bytes(std::uint16_t tag) const {
    const Entry* e = find(tag);
    if (!e) return {};
    const std::size_t size = type_size(e->type) * e->count;
    if (!e->payload.empty()) return e->payload;
    if (size <= 4) return std::vector<std::uint8_t>(e->field, e->field + size);
    if (size > file_size())
        throw Error(ErrorKind::CorruptFile, path_ + ": a TIFF tag points past the file end");
    std::vector<std::uint8_t> out(size);
    const Fd fd(path_, O_RDONLY);
    read_at(fd.get(), path_, u32(e->field), out.data(), size);
    return out;
}

std::vector<std::uint32_t> TiffDirectory::numbers(std::uint16_t tag) const {
    const Entry* e = find(tag);
    if (!e || (e->type != kShort && e->type != kLong)) return {};
    const std::vector<std::uint8_t> raw = bytes(tag);
    std::vector<std::uint32_t> out;
    const std::size_t step = e->type == kShort ? 2 : 4;
    for (std::size_t i = 0; i + step <= raw.size(); i += step) {
        out.push_back(step == 2 ? u16(&raw[i]) : u32(&raw[i]));
    }
    return out;
}

void TiffDirectory::set_short(std::uint16_t tag, std::uint16_t value) {
    Entry& e = upsert(tag);
    e.type = kShort;
    e.count = 1;
    e.payload.clear();
    std::memset(e.field, 0, 4);
    put16(e.field, value);
}

void TiffDirectory::set_bytes(std::uint16_t tag, Type type, const std::string& value) {
    Entry& e = upsert(tag);
    e.type = type;
    std::string stored = value;
    if (type == kAscii) stored.push_back('\0');  // ASCII counts include the terminating NUL
    e.count = static_cast<std::uint32_t>(stored.size());
    std::memset(e.field, 0, 4);
    e.payload.clear();
    if (stored.size() <= 4) {
        std::memcpy(e.field, stored.data(), stored.size());
    } else {
        e.payload.assign(stored.begin(), stored.end());
    }
}

void TiffDirectory::remove(std::uint16_t tag) {
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                  [tag](const Entry& e) { return e.tag == tag; }),
                   entries_.end());
}

std::uint64_t TiffDirectory::file_size() const {
    struct stat info {};
    if (::stat(path_.c_str(), &info) != 0) throw_io_error(path_, "cannot read the TIFF", errno);
    return static_cast<std::uint64_t>(info.st_size);
}

void TiffDirectory::check_image_data() const {
    const bool tiled = has(kTileOffsets);
    const auto offsets = numbers(tiled ? kTileOffsets : kStripOffsets);
    const auto counts = numbers(tiled ? kTileByteCounts : kStripByteCounts);
    const std::uint64_t size = file_size();
    bool complete = !offsets.empty() && offsets.size() == counts.size();
    for (std::size_t i = 0; complete && i < offsets.size(); ++i) {
        complete = counts[i] > 0 && std::uint64_t(offsets[i]) + counts[i] <= size;
    }
    if (!complete) {
        throw Error(ErrorKind::Io, path_ + ": the written TIFF is incomplete; is the disk full?");
    }
}

void TiffDirectory::save() {
    std::sort(entries_.begin(), entries_.end(),
              [](const Entry& a, const Entry& b) { return a.tag < b.tag; });
    const Fd fd(path_, O_WRONLY);
    std::uint64_t end = file_size();
    end += end & 1;  // TIFF offsets are word-aligned
    for (auto& e : entries_) {
        if (e.payload.empty()) continue;
        write_at(fd.get(), path_, end, e.payload.data(), e.payload.size());
        put32(e.field, static_cast<std::uint32_t>(end));
        end += e.payload.size();
        end += end & 1;
    }
    std::vector<std::uint8_t> ifd(2 + entries_.size() * 12 + 4);
    put16(ifd.data(), static_cast<std::uint16_t>(entries_.size()));
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        std::uint8_t* p = ifd.data() + 2 + i * 12;
        put16(p, entries_[i].tag);
        put16(p + 2, entries_[i].type);
        put32(p + 4, entries_[i].count);
        std::memcpy(p + 8, entries_[i].field, 4);
    }
    put32(ifd.data() + 2 + entries_.size() * 12, next_ifd_);
    if (end + ifd.size() > 0xffffffffull) {
        throw Error(ErrorKind::Unsupported,
                    path_ + ": the TIFF would pass 4 GiB (classic TIFF limit)");
    }
    write_at(fd.get(), path_, end, ifd.data(), ifd.size());
    std::uint8_t pointer[4];
    put32(pointer, static_cast<std::uint32_t>(end));
    write_at(fd.get(), path_, 4, pointer, 4);
    for (auto& e : entries_) e.payload.clear();  // now stored at the offsets in `field`
}

}  // namespace pixart::imaging
