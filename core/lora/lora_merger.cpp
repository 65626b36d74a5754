#include "lora/lora_merger.h"

#include <filesystem>
#include <sstream>

#include "api/errors.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

std::string file_stamp(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) throw Error(ErrorKind::Io, path + ": cannot read the LoRA (" + ec.message() + ")");
    const auto time = fs::last_write_time(path, ec).time_since_epoch().count();
    return std::to_string(size) + "@" + std::to_string(time);
}

std::string set_key(const std::vector<LoraSpec>& loras) {
    std::ostringstream key;
    key.precision(17);
    for (const auto& lora : loras) {
        if (lora.strength == 0.0) continue;  // no change at all
        key << lora.path << '|' << file_stamp(lora.path) << '|' << lora.strength << '\n';
    }
    return key.str();
}

}  // namespace

std::map<std::string, std::vector<std::int64_t>> LoraMerger::linear_modules(
    torch::nn::Module& transformer) {
    std::map<std::string, std::vector<std::int64_t>> modules;
    for (const auto& item : transformer.named_modules("", /*include_self=*/false)) {
        if (auto* linear = item.value()->as<torch::nn::Linear>())
            modules[item.key()] = linear->weight.sizes().vec();
    }
    return modules;
}

std::shared_ptr<const LoraFile> LoraMerger::load(
    const std::string& path, const std::map<std::string, std::vector<std::int64_t>>& modules) {
    const std::string stamp = file_stamp(path);
    auto it = cache_.find(path);
    if (it != cache_.end() && it->second.stamp == stamp) return it->second.file;
    auto file = std::make_shared<const LoraFile>(read_lora(path, modules));
    cache_[path] = {stamp, file};
    return file;
}

void LoraMerger::apply(torch::nn::Module& transformer, const std::vector<LoraSpec>& loras) {
    torch::NoGradGuard no_grad;
    const std::string key = set_key(loras);
    if (key == applied_) return;
    // Read and check everything first: a bad file leaves the weights untouched.
    const auto modules = linear_modules(transformer);
    std::map<std::string, torch::Tensor> updates;  // "<module>.weight" -> summed update
    for (const auto& lora : loras) {
        if (lora.strength == 0.0) continue;
        const auto file = load(lora.path, modules);
        for (const auto& layer : file->layers) {
            torch::Tensor delta = layer.delta() * lora.strength;
            torch::Tensor& sum = updates[layer.module + ".weight"];
            sum = sum.defined() ? sum + delta : delta;
        }
    }
    restore(transformer);
    auto parameters = transformer.named_parameters();
    for (auto& [name, update] : updates) {
        torch::Tensor* weight = parameters.find(name);
        if (weight == nullptr) throw Error(ErrorKind::Internal, "LoRA: no parameter " + name);
        base_[name] = weight->detach().clone();
        // In place: the fused QKV weight of self-attention views these rows.
        weight->add_(update.to(weight->device(), weight->scalar_type()));
    }
    applied_ = key;
}

void LoraMerger::restore(torch::nn::Module& transformer) {
    torch::NoGradGuard no_grad;
    auto parameters = transformer.named_parameters();
    for (auto& [name, values] : base_) {
        if (torch::Tensor* weight = parameters.find(name)) weight->copy_(values);
    }
    base_.clear();
    applied_.clear();
}

void LoraMerger::forget() {
    base_.clear();
    applied_.clear();
}

std::int64_t LoraMerger::held_bytes() const {
    std::int64_t bytes = 0;
    for (const auto& [name, values] : base_) bytes += values.numel() * values.element_size();
    return bytes;
}

}  // namespace pixart
