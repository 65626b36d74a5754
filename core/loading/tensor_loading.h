// Safetensors bytes → torch tensors (torch side of core/loading; include from core .cpp files only).
#pragma once

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>

#include "loading/checkpoint.h"

namespace pixart {

using TensorMap = std::map<std::string, torch::Tensor>;

torch::ScalarType to_scalar_type(DType dtype);  // throws Unsupported for F8 types

// A copy of one tensor, owned by torch. Floating tensors are converted to `float_dtype` when given
// (fp16/bf16 weights → float32 for CPU); integer tensors keep their type.
torch::Tensor read_tensor(const SafetensorsFile& file, const TensorInfo& info,
                          std::optional<torch::ScalarType> float_dtype = std::nullopt);

// The tensor's bytes in place, as a torch view of the memory map (no copy; valid while the file
// lives; never write to it). std::nullopt when the bytes are not aligned to the element size
// (a hand-made file): read_tensor then.
std::optional<torch::Tensor> mapped_view(const SafetensorsFile& file, const TensorInfo& info);

// Every tensor of a file (goldens, small checkpoints).
TensorMap read_all_tensors(const std::string& safetensors_path,
                           std::optional<torch::ScalarType> float_dtype = std::nullopt);

// Strictly fills a module's parameters and buffers from a checkpoint, by name: every missing,
// unexpected and wrong-shaped tensor is reported in ONE pixart::Error(ModelFolder) that names the
// component. Names in `ignored_prefixes` are allowed in the checkpoint without a module slot, and
// module names in `optional_names` may be missing from the checkpoint (tied weights).
// Each tensor's mapped pages are released once copied, so loading never holds the file's pages
// and the copies at the same time.
struct BindOptions {
    std::vector<std::string> ignored_prefixes;
    std::vector<std::string> optional_names;
    torch::ScalarType float_dtype = torch::kFloat32;
};
void bind_state_dict(torch::nn::Module& module, const Checkpoint& checkpoint,
                     const std::string& component, const BindOptions& options = {});

// The check bind_state_dict makes, for weights that are used without a module holding them all
// (the streamed text encoder): every expected tensor present with its shape and a floating dtype
// libtorch reads, nothing unexpected; else ONE pixart::Error(ModelFolder) listing every problem.
struct ExpectedTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    bool floating = true;  // must be stored as float32, float16 or bfloat16 (else: any dtype)
};
void check_state_dict(const std::vector<ExpectedTensor>& expected, const Checkpoint& checkpoint,
                      const std::string& component, const BindOptions& options = {});

}  // namespace pixart
