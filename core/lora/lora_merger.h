// LoRAs merged into the loaded transformer's weights (W + sum of strength x update, in float32),
// switched between jobs without reloading the transformer: the weights a set touched are kept
// as they were and copied back bit for bit before another set is applied.
#pragma once

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/generation_request.h"
#include "lora/lora_file.h"

namespace pixart {

class LoraMerger {
  public:
    // Makes `transformer`'s weights its base weights plus `loras` (the same list as now: nothing
    // to do). Files are read (and cached by path, size and time) and checked before any weight
    // changes: a file that does not fit throws and leaves the weights as they were. Strength 0
    // leaves the base weights exact.
    void apply(torch::nn::Module& transformer, const std::vector<LoraSpec>& loras);
    // The base weights back (bit for bit).
    void restore(torch::nn::Module& transformer);
    // The transformer was released: nothing of it to restore any more.
    void forget();

    // Bytes held to restore the base weights (the touched weights' copies).
    std::int64_t held_bytes() const;

    // The transformer's Linear weights by module name, [out, in] (what LoRAs may target).
    static std::map<std::string, std::vector<std::int64_t>> linear_modules(
        torch::nn::Module& transformer);

  private:
    std::shared_ptr<const LoraFile> load(
        const std::string& path, const std::map<std::string, std::vector<std::int64_t>>& modules);

    std::map<std::string, torch::Tensor> base_;  // "<module>.weight" -> its values before
    std::string applied_;                        // key of the set applied now ("" = none)
    struct Cached {
        std::string stamp;  // size and modification time
        std::shared_ptr<const LoraFile> file;
    };
    std::map<std::string, Cached> cache_;
};

}  // namespace pixart
