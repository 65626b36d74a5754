// The encoding half of diffusers' AutoencoderKL (v0.30.3): Encoder + quant_conv, giving the
// diagonal Gaussian posterior of an image's latents (image-to-image starts from a sample of it).
// Loaded on its own so that text-to-image never holds the encoder's weights.
//
//   auto encoder = pixart::load_vae_image_encoder(folder.component_dir("vae"));
//   auto posterior = encoder->encode(pixels);                   // pixels in [-1, 1], NCHW
//   auto latents = posterior.sample(noise) * scaling_factor;    // noise ~ N(0, 1), mean's shape
#pragma once

#include <torch/torch.h>

#include <string>

#include "config/vae_config.h"
#include "models/vae/vae_encoder.h"

namespace pixart {

// DiagonalGaussianDistribution: logvar clamped to [-30, 20], std = exp(0.5 * logvar).
struct LatentPosterior {
    torch::Tensor mean;    // [B, latent_channels, h, w] float32
    torch::Tensor logvar;  // clamped
    torch::Tensor std;
    // mean + std * noise (noise of mean's shape), as latent_dist.sample(generator) with its draw.
    torch::Tensor sample(const torch::Tensor& noise) const;
};

class VaeImageEncoderImpl : public torch::nn::Module {
  public:
    explicit VaeImageEncoderImpl(const VaeConfig& config);

    // pixels [B, in_channels, H, W] in [-1, 1] (any floating dtype/device; moved to the weights').
    // Throws pixart::Error(InvalidArgument) for a malformed tensor.
    LatentPosterior encode(const torch::Tensor& pixels);
    // encoder + quant_conv without the split: [B, 2 * latent_channels, h, w] (mean | logvar).
    torch::Tensor moments(const torch::Tensor& pixels);

    const VaeConfig& config() const { return config_; }

    VaeEncoder encoder{nullptr};
    torch::nn::Conv2d quant_conv{nullptr};  // absent when use_quant_conv is false

  private:
    VaeConfig config_;
};
TORCH_MODULE(VaeImageEncoder);

// Builds from <dir>/config.json and binds encoder.* and quant_conv.* of
// <dir>/diffusion_pytorch_model.safetensors (the decoder's tensors are skipped).
VaeImageEncoder load_vae_image_encoder(const std::string& vae_dir,
                                       torch::ScalarType dtype = torch::kFloat32);

}  // namespace pixart
