// The first image directory (IFD) of a classic TIFF file, edited in place after OpenImageIO wrote
// it. OIIO 2.4 cannot write what print needs: 16-bit CMYK (its tiff:ColorSpace path forces 8 bits),
// or an XMP packet of our own. So the encoder writes the samples and we fix the tags: changed
// values and a new IFD are appended to the file and the header is pointed at it (the old IFD
// becomes a few dead bytes). Pixel data is never moved.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pixart::imaging {

class TiffDirectory {
  public:
    enum Tag : std::uint16_t {
        kPhotometric = 262,
        kImageDescription = 270,
        kStripOffsets = 273,
        kSamplesPerPixel = 277,
        kStripByteCounts = 279,
        kTileOffsets = 324,
        kTileByteCounts = 325,
        kInkSet = 332,
        kExtraSamples = 338,
        kXmp = 700,
        kIccProfile = 34675,
    };
    enum Type : std::uint16_t { kByte = 1, kAscii = 2, kShort = 3, kLong = 4, kUndefined = 7 };

    // Reads the header and the first IFD. Throws Error(CorruptFile) for anything but a classic
    // TIFF, Error(Io) when the file cannot be read.
    explicit TiffDirectory(std::string path);

    bool has(std::uint16_t tag) const;
    std::vector<std::uint8_t> bytes(std::uint16_t tag) const;     // the value bytes, file order
    std::vector<std::uint32_t> numbers(std::uint16_t tag) const;  // SHORT / LONG values

    void set_short(std::uint16_t tag, std::uint16_t value);
    void set_bytes(std::uint16_t tag, Type type, const std::string& value);  // BYTE/ASCII/UNDEFINED
    void remove(std::uint16_t tag);

    // Every strip / tile lies inside the file; a short write (full disk) throws Error(Io).
    void check_image_data() const;

    // Writes changed values and the new IFD at the end of the file, then the header's pointer.
    void save();

  private:
    struct Entry {
        std::uint16_t tag = 0;
        std::uint16_t type = 0;
        std::uint32_t count = 0;
        std::uint8_t field[4] = {};         // the value, or its offset, as stored
        std::vector<std::uint8_t> payload;  // a new value longer than 4 bytes
    };

    std::uint16_t u16(const std::uint8_t* p) const;
    std::uint32_t u32(const std::uint8_t* p) const;
    void put16(std::uint8_t* p, std::uint16_t v) const;
    void put32(std::uint8_t* p, std::uint32_t v) const;
    const Entry* find(std::uint16_t tag) const;
    Entry& upsert(std::uint16_t tag);
    std::uint64_t file_size() const;

    std::string path_;
    bool little_endian_ = true;
    std::uint32_t next_ifd_ = 0;
    std::vector<Entry> entries_;
};

}  // namespace pixart::imaging
