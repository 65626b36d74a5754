// GroupNorm statistics gathered band by band over a whole activation, so a norm can be applied
// to bands of an image that never exists in one piece with the numbers it would have whole.
#pragma once

#include <torch/torch.h>

#include <utility>

namespace pixart {

class GroupStatistics {
  public:
    explicit GroupStatistics(int64_t groups);

    // Adds a band [1, C, rows, W] (any strides whose channels split into the groups).
    void add(const torch::Tensor& band);
    // The whole tensor at once (it may be a band of itself).
    static GroupStatistics of(const torch::Tensor& activation, int64_t groups);

    // GroupNorm(x) = x * scale + shift per channel, as [1, C, 1, 1] in `dtype`: scale =
    // gamma / sqrt(var + eps), shift = beta - mean * scale, with the population variance as
    // torch's group_norm uses. Throws if nothing was added or the norm's channels differ.
    std::pair<torch::Tensor, torch::Tensor> affine(const torch::nn::GroupNormImpl& norm,
                                                   torch::ScalarType dtype) const;

    int64_t count() const { return count_; }  // elements per group so far

  private:
    int64_t groups_;
    int64_t count_ = 0;
    int64_t channels_ = 0;
    // Per group, combined across bands with Chan's parallel update (doubles, [groups]).
    torch::Tensor mean_;
    torch::Tensor m2_;  // sum of squared deviations from the mean
};

}  // namespace pixart
