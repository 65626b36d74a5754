// Port of diffusers models/activations.py GELU (v0.30.3): a Linear followed by GELU, the first
// layer of the feed-forward (state-dict name `proj`).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace pixart {

class GeluProjectionImpl : public torch::nn::Module {
  public:
    // approximate: "tanh" (PixArt's gelu-approximate) or "none".
    GeluProjectionImpl(int64_t dim_in, int64_t dim_out, std::string approximate, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);
    // The tanh GELU by the core's vector kernel where it runs (cpu_activation/gelu_tanh.h; the
    // same function to float rounding), else ATen's.
    void set_vector_gelu(bool enabled) { vector_gelu_ = enabled; }

  private:
    std::string approximate_;
    bool vector_gelu_ = true;
    torch::nn::Linear proj_{nullptr};
};
TORCH_MODULE(GeluProjection);

}  // namespace pixart
