// A safetensors file of arbitrary bytes: SafetensorsFile must refuse anything it cannot trust
// (length, JSON, dtypes, offsets, overlaps) before any tensor byte is touched, and every tensor it
// accepts must lie inside the file.
#include "fuzz_support.h"

#include "loading/safetensors_file.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = pixart::fuzz::write_scratch_file("model.safetensors", data, size);
    pixart::fuzz::expect_clear_error("safetensors", [&] {
        const pixart::SafetensorsFile file(path);
        std::uint64_t sum = 0;
        for (const pixart::TensorInfo& info : file.tensors()) {
            if (info.end < info.begin || info.end > file.file_size()) std::abort();
            const std::byte* bytes = file.data(info);
            // Read the first and the last byte: ASan reports any tensor outside the map.
            if (info.byte_size() > 0)
                sum += static_cast<unsigned>(bytes[0]) + static_cast<unsigned>(bytes[info.byte_size() - 1]);
            if (file.find(info.name) != &info) std::abort();
        }
        (void)file.header_bytes();
        (void)sum;
    });
    return 0;
}
