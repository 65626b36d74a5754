// A TIFF of arbitrary bytes: the first IFD is read within the file, every strip is checked to lie
// inside it, and an edit (new XMP, removed tag) is saved and read back.
#include "fuzz_support.h"

#include "imaging/tiff_directory.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = pixart::fuzz::write_scratch_file("image.tif", data, size);
    pixart::fuzz::expect_clear_error("tiff directory", [&] {
        using pixart::imaging::TiffDirectory;
        TiffDirectory dir(path);
        for (std::uint16_t tag : {TiffDirectory::kStripOffsets, TiffDirectory::kStripByteCounts,
                                  TiffDirectory::kSamplesPerPixel, TiffDirectory::kXmp,
                                  TiffDirectory::kIccProfile, TiffDirectory::kImageDescription}) {
            if (!dir.has(tag)) continue;
            (void)dir.bytes(tag);
            (void)dir.numbers(tag);
        }
        dir.check_image_data();
        dir.set_bytes(TiffDirectory::kXmp, TiffDirectory::kUndefined, "<x:xmpmeta/>");
        dir.remove(TiffDirectory::kImageDescription);
        dir.save();
        const TiffDirectory reread(path);
        if (reread.bytes(TiffDirectory::kXmp).size() != 12) std::abort();
    });
    return 0;
}
