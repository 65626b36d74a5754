// Reading the text chunks of a PNG (tests, diagnostics, fuzzing). The encoder writes them
// (png_chunks.h): tEXt for ASCII, iTXt for UTF-8, before the first IDAT (readers such as PIL and
// OIIO look there only).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pixart::imaging {

// The keyword -> text of every tEXt / uncompressed iTXt chunk before IDAT; `types` receives the
// chunk type of each ("tEXt" or "iTXt"). The whole chunk list is walked first: a cut-off or
// damaged file is Error(Io).
std::vector<std::pair<std::string, std::string>> read_png_text_chunks(
    const std::string& path, std::vector<std::string>* types = nullptr);

}  // namespace pixart::imaging
