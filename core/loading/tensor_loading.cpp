#include "loading/tensor_loading.h"

#include <cstring>
#include <set>
#include <sstream>

#include "api/errors.h"

namespace pixart {

torch::ScalarType to_scalar_type(DType dtype) {
    switch (dtype) {
        case DType::F64: return torch::kFloat64;
        case DType::F32: return torch::kFloat32;
        case DType::F16: return torch::kFloat16;
        case DType::BF16: return torch::kBFloat16;
        case DType::I64: return torch::kInt64;
        case DType::I32: return torch::kInt32;
        case DType::I16: return torch::kInt16;
        case DType::I8: return torch::kInt8;
        case DType::U8: return torch::kUInt8;
        case DType::Bool: return torch::kBool;
        case DType::F8_E4M3:
        case DType::F8_E5M2: break;
    }
    throw Error(ErrorKind::Unsupported, std::string("tensors of dtype ") + dtype_name(dtype) + " are not supported");
}

torch::Tensor read_tensor(const SafetensorsFile& file, const TensorInfo& info,
                          std::optional<torch::ScalarType> float_dtype) {
    const auto type = to_scalar_type(info.dtype);
    // Copy into torch-owned, aligned memory first: offsets in the file need not be aligned, and
    // the map must not outlive the file.
    auto owned = torch::empty(info.shape, torch::TensorOptions().dtype(type));
    if (info.byte_size() > 0) std::memcpy(owned.data_ptr(), file.data(info), info.byte_size());
    if (float_dtype && is_floating(info.dtype) && type != *float_dtype) return owned.to(*float_dtype);
    return owned;
}

TensorMap read_all_tensors(const std::string& safetensors_path,
                           std::optional<torch::ScalarType> float_dtype) {
    SafetensorsFile file(safetensors_path);
    TensorMap tensors;
    for (const auto& info : file.tensors()) tensors[info.name] = read_tensor(file, info, float_dtype);
    return tensors;
}

namespace {

std::string shape_text(const std::vector<std::int64_t>& shape) {
    std::ostringstream out;
    out << '[';
    for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
    out << ']';
    return out.str();
}

bool starts_with_any(const std::string& name, const std::vector<std::string>& prefixes) {
    for (const auto& p : prefixes) {
        if (name.rfind(p, 0) == 0) return true;
    }
    return false;
}

}  // namespace

void bind_state_dict(torch::nn::Module& module, const Checkpoint& checkpoint,
                     const std::string& component, const BindOptions& options) {
    std::vector<std::pair<std::string, torch::Tensor>> slots;
    for (const auto& p : module.named_parameters(/*recurse=*/true)) slots.emplace_back(p.key(), p.value());
    for (const auto& b : module.named_buffers(/*recurse=*/true)) slots.emplace_back(b.key(), b.value());

    std::vector<std::string> missing, wrong_shape, unexpected;
    std::set<std::string> bound;
    for (const auto& [name, slot] : slots) {
        const auto* entry = checkpoint.find(name);
        if (entry == nullptr) {
            bool optional = false;
            for (const auto& o : options.optional_names) optional = optional || o == name;
            if (!optional) missing.push_back(name + " " + shape_text(slot.sizes().vec()));
            continue;
        }
        bound.insert(name);
        if (entry->info->shape != slot.sizes().vec()) {
            wrong_shape.push_back(name + " is " + shape_text(entry->info->shape) + ", expected " +
                                  shape_text(slot.sizes().vec()));
        }
    }
    for (const auto& [name, entry] : checkpoint.entries()) {
        if (bound.count(name) == 0 && !starts_with_any(name, options.ignored_prefixes)) unexpected.push_back(name);
    }
    if (!missing.empty() || !wrong_shape.empty() || !unexpected.empty()) {
        std::ostringstream message;
        message << component << " weights do not match its config";
        auto list = [&](const char* title, const std::vector<std::string>& names) {
            if (names.empty()) return;
            message << "; " << names.size() << ' ' << title << ": ";
            for (std::size_t i = 0; i < names.size() && i < 8; ++i) message << (i ? ", " : "") << names[i];
            if (names.size() > 8) message << ", …";
        };
        list("missing", missing);
        list("with the wrong shape", wrong_shape);
        list("unexpected", unexpected);
        const auto files = checkpoint.files();
        if (!files.empty()) message << " (" << files.front() << (files.size() > 1 ? " and other shards" : "") << ")";
        throw Error(ErrorKind::ModelFolder, message.str());
    }

    torch::NoGradGuard no_grad;
    for (auto& [name, slot] : slots) {
        const auto* entry = checkpoint.find(name);
        if (entry == nullptr) continue;
        auto value = read_tensor(*entry->file, *entry->info, options.float_dtype);
        slot.copy_(value);
    }
}

}  // namespace pixart
