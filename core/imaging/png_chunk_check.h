// A PNG's chunk lengths checked against the file before libpng sees it. libpng allocates a
// chunk's declared length before reading it: a damaged 920-byte file whose tEXt chunk claims
// 2 GB made the reader allocate 2 GB (found by fuzz_image_metadata). A chunk can never be longer
// than the bytes that follow it, so such a file is refused here as damaged.
#pragma once

#include <string>

namespace pixart::imaging {

// Does nothing for a file that is not a PNG (no PNG signature). For a PNG, walks the chunk
// headers up to IEND (seeking, never reading a chunk's data) and throws Error(CorruptFile)
// naming the chunk when its length passes the PNG limit (2^31 - 1) or the end of the file.
// A file that ends at a chunk boundary without IEND is left to libpng, which reports it as
// truncated.
void check_png_chunk_lengths(const std::string& path);

}  // namespace pixart::imaging
