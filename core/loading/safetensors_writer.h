// Writes torch tensors as a safetensors file (--dump, tests). Torch side of core/loading.
#pragma once

#include <map>
#include <string>

#include "loading/tensor_loading.h"

namespace pixart {

// Writes every tensor (made contiguous, on the CPU, names sorted) to `path` atomically: a temporary
// file in the same folder is renamed over the target only when complete. Throws pixart::Error(Io).
void write_safetensors(const std::string& path, const TensorMap& tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace pixart
