// Text chunks written into a PNG after OpenImageIO encoded it. OIIO 2.4 writes every string
// attribute as tEXt, which must be Latin-1: UTF-8 prompts need iTXt, so we insert our chunks
// ourselves, before the first IDAT (readers such as PIL and OIIO look there only).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pixart::imaging {

// Inserts one chunk per (keyword, text): tEXt when the text is ASCII, else iTXt (UTF-8,
// uncompressed). Walks the whole chunk list first, so a truncated file (full disk) is reported
// as Error(Io) instead of being renamed into place. Keywords: 1-79 Latin-1 characters.
void insert_png_text_chunks(const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& texts);

// The keyword -> text of every tEXt / iTXt / zTXt-free chunk before IDAT (tests and diagnostics);
// `types` receives the chunk type of each ("tEXt" or "iTXt").
std::vector<std::pair<std::string, std::string>> read_png_text_chunks(
    const std::string& path, std::vector<std::string>* types = nullptr);

}  // namespace pixart::imaging
