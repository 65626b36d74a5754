#include "loading/tensor_loading.h"

#include <cstdint>
#include <cstring>
#include <set>
#include <sstream>

#include "api/errors.h"
#include "loading/load_progress.h"

namespace pixart {

torch::ScalarType to_scalar_type(DType dtype) {
    switch (dtype) {
        case DType::F64:
            return torch::kFloat64;
        case DType::F32:
            return torch::kFloat32;
        case DType::F16:
            return torch::kFloat16;
        case DType::BF16:
            return torch::kBFloat16;
        case DType::I64:
            return torch::kInt64;
        case DType::I32:
            return torch::kInt32;
        case DType::I16:
            return torch::kInt16;
        case DType::I8:
            return torch::kInt8;
        case DType::U8:
            return torch::kUInt8;
        case DType::Bool:
            return torch::kBool;
        case DType::F8_E4M3:
        case DType::F8_E5M2:
            break;
    }
    throw Error(ErrorKind::Unsupported,
                std::string("tensors of dtype ") + dtype_name(dtype) + " are not supported");
}

torch::Tensor read_tensor(const SafetensorsFile& file, const TensorInfo& info,
                          std::optional<torch::ScalarType> float_dtype) {
    const auto type = to_scalar_type(info.dtype);
    // Copy into torch-owned, aligned memory first: offsets in the file need not be aligned, and
    // the map must not outlive the file.
    auto owned = torch::empty(info.shape, torch::TensorOptions().dtype(type));
    if (info.byte_size() > 0) std::memcpy(owned.data_ptr(), file.data(info), info.byte_size());
    if (float_dtype && is_floating(info.dtype) && type != *float_dtype)
        return owned.to(*float_dtype);
    return owned;
}

std::optional<torch::Tensor> mapped_view(const SafetensorsFile& file, const TensorInfo& info) {
    const auto type = to_scalar_type(info.dtype);
    const std::byte* bytes = file.data(info);
    if (reinterpret_cast<std::uintptr_t>(bytes) % dtype_size(info.dtype) != 0) return std::nullopt;
    // const_cast: libtorch has no read-only tensors; the map is PROT_READ, so a write would fault
    // instead of corrupting the file.
    return torch::from_blob(const_cast<std::byte*>(bytes), info.shape,
                            torch::TensorOptions().dtype(type));
}

TensorMap read_all_tensors(const std::string& safetensors_path,
                           std::optional<torch::ScalarType> float_dtype) {
    SafetensorsFile file(safetensors_path);
    TensorMap tensors;
    for (const auto& info : file.tensors())
        tensors[info.name] = read_tensor(file, info, float_dtype);
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

void check_state_dict(const std::vector<ExpectedTensor>& expected, const Checkpoint& checkpoint,
                      const std::string& component, const BindOptions& options) {
    std::vector<std::string> missing, wrong_shape, unexpected, wrong_dtype;
    std::set<std::string> bound;
    for (const auto& [name, shape, floating] : expected) {
        const auto* entry = checkpoint.find(name);
        if (entry == nullptr) {
            bool optional = false;
            for (const auto& o : options.optional_names) optional = optional || o == name;
            if (!optional) missing.push_back(name + " " + shape_text(shape));
            continue;
        }
        bound.insert(name);
        if (entry->info->shape != shape) {
            wrong_shape.push_back(name + " is " + shape_text(entry->info->shape) + ", expected " +
                                  shape_text(shape));
        }
        const DType dtype = entry->info->dtype;
        if (floating &&
            (!is_floating(dtype) || dtype == DType::F8_E4M3 || dtype == DType::F8_E5M2)) {
            wrong_dtype.push_back(name + " is " + dtype_name(dtype));
        }
    }
    for (const auto& [name, entry] : checkpoint.entries()) {
        if (bound.count(name) == 0 && !starts_with_any(name, options.ignored_prefixes))
            unexpected.push_back(name);
    }
    if (missing.empty() && wrong_shape.empty() && unexpected.empty() && wrong_dtype.empty()) return;
    std::ostringstream message;
    message << component << " weights do not match its config";
    auto list = [&](const char* title, const std::vector<std::string>& names) {
        if (names.empty()) return;
        message << "; " << names.size() << ' ' << title << ": ";
        for (std::size_t i = 0; i < names.size() && i < 8; ++i)
            message << (i ? ", " : "") << names[i];
        if (names.size() > 8) message << ", …";
    };
    list("missing", missing);
    list("with the wrong shape", wrong_shape);
    list("unexpected", unexpected);
    list("not float32, float16 or bfloat16", wrong_dtype);
    const auto files = checkpoint.files();
    if (!files.empty())
        message << " (" << files.front() << (files.size() > 1 ? " and other shards" : "") << ")";
    throw Error(ErrorKind::ModelFolder, message.str());
}

void bind_state_dict(torch::nn::Module& module, const Checkpoint& checkpoint,
                     const std::string& component, const BindOptions& options) {
    std::vector<std::pair<std::string, torch::Tensor>> slots;
    for (const auto& p : module.named_parameters(/*recurse=*/true))
        slots.emplace_back(p.key(), p.value());
    for (const auto& b : module.named_buffers(/*recurse=*/true))
        slots.emplace_back(b.key(), b.value());
    std::vector<ExpectedTensor> expected;
    for (const auto& [name, slot] : slots) {
        expected.push_back({name, slot.sizes().vec(), c10::isFloatingType(slot.scalar_type())});
    }
    check_state_dict(expected, checkpoint, component, options);

    torch::NoGradGuard no_grad;
    std::int64_t total = 0;
    for (const auto& slot : slots) {
        if (const auto* entry = checkpoint.find(slot.first))
            total += static_cast<std::int64_t>(entry->info->byte_size());
    }
    std::int64_t done = 0;
    LoadProgressScope::report(0, total);
    for (auto& [name, slot] : slots) {
        const auto* entry = checkpoint.find(name);
        if (entry == nullptr) continue;
        slot.copy_(read_tensor(*entry->file, *entry->info, options.float_dtype));
        entry->file->release(*entry->info);  // copied: the map's pages may go
        done += static_cast<std::int64_t>(entry->info->byte_size());
        LoadProgressScope::report(done, total);
    }
}

}  // namespace pixart
