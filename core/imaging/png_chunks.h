// Building PNG chunks: length, type, data and CRC, and the text chunks that carry our settings.
// Shared by the PNG encoder (which writes every chunk itself) and the text-chunk reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pixart::imaging {

// The 8 bytes every PNG starts with.
extern const std::uint8_t kPngSignature[8];

// Appends one whole chunk (big-endian length, `type`, `data`, CRC-32 of type and data).
void append_png_chunk(std::vector<std::uint8_t>& out, const char (&type)[5],
                      const std::uint8_t* data, std::size_t size);

// Appends a tEXt chunk when `text` is ASCII, else an uncompressed iTXt (UTF-8). Keywords are
// 1-79 characters (Error(Internal) otherwise: they are ours, never a user's).
void append_png_text_chunk(std::vector<std::uint8_t>& out, const std::string& keyword,
                           const std::string& text);

std::uint32_t read_png_be32(const std::uint8_t* p);
void append_png_be32(std::vector<std::uint8_t>& out, std::uint32_t value);

}  // namespace pixart::imaging
