// A bias-free linear layer whose weight is only allocated: every value comes from a checkpoint, so
// the random initialisation torch::nn::Linear runs would be wasted (seconds and a float32 copy for
// T5-XXL's 4.7B parameters before a cast to fp16). Bind a checkpoint before calling forward.
#pragma once

#include <torch/torch.h>

namespace pixart {

class UninitializedLinearImpl : public torch::nn::Module {
  public:
    UninitializedLinearImpl(int64_t in_features, int64_t out_features, torch::ScalarType dtype);

    // [..., in_features] -> [..., out_features]
    torch::Tensor forward(const torch::Tensor& x) const;

    torch::Tensor weight;  // [out_features, in_features], contiguous, like torch.nn.Linear
};
TORCH_MODULE(UninitializedLinear);

}  // namespace pixart
