// A sharded checkpoint's `model.safetensors.index.json` of arbitrary bytes, next to two valid
// shards (a.safetensors, b.safetensors, as the seeds name them): Checkpoint::open_index must refuse
// bad JSON, shard names that leave the folder, tensors mapped to the wrong shard or missing, with
// pixart::Error only.
#include "fuzz_support.h"

#include "loading/checkpoint.h"

#include <cstring>

namespace {

// A one-tensor safetensors file: `name`, F32, shape [2].
std::string tiny_shard(const std::string& name) {
    const std::string header = "{\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    std::string bytes(8, '\0');
    std::uint64_t length = header.size();
    std::memcpy(bytes.data(), &length, 8);
    return bytes + header + std::string(8, '\x01');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool shards_written = [] {
        pixart::fuzz::write_scratch_file("a.safetensors", tiny_shard("x.weight"));
        pixart::fuzz::write_scratch_file("b.safetensors", tiny_shard("y.weight"));
        return true;
    }();
    (void)shards_written;
    const std::string path =
        pixart::fuzz::write_scratch_file("model.safetensors.index.json", data, size);
    pixart::fuzz::expect_clear_error("checkpoint index", [&] {
        const pixart::Checkpoint checkpoint = pixart::Checkpoint::open_index(path);
        (void)checkpoint.parameter_count();
        (void)checkpoint.byte_size();
        (void)checkpoint.dtype_summary();
        for (const auto& [name, entry] : checkpoint.entries())
            (void)checkpoint.find(name);
    });
    return 0;
}
