#include "random_weights.h"

#include <cmath>
#include <string>

namespace pixart {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

void randomize_weights(torch::nn::Module& module, std::uint64_t seed) {
    torch::NoGradGuard no_grad;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& item : module.named_parameters(/*recurse=*/true)) {
        const std::string& name = item.key();
        torch::Tensor& p = item.value();
        // Drawn in float32 on the CPU (one generator for every device), then stored as is.
        auto value = torch::empty(p.sizes(), torch::kFloat32);
        if (ends_with(name, "scale_shift_table")) {
            value.normal_(0.0, 1.0 / std::sqrt(static_cast<double>(p.size(-1))), generator);
        } else if (p.dim() >= 2 &&
                   (ends_with(name, "shared.weight") || ends_with(name, "embed_tokens.weight"))) {
            value.normal_(0.0, 1.0, generator);
        } else if (p.dim() >= 2) {
            const double bound = 1.0 / std::sqrt(static_cast<double>(p[0].numel()));
            value.uniform_(-bound, bound, generator);
        } else if (ends_with(name, "bias")) {
            value.normal_(0.0, 0.02, generator);
        } else {
            value.fill_(1.0);
        }
        p.copy_(value);
    }
}

}  // namespace pixart
