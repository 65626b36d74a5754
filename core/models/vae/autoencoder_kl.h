// Port of diffusers src/diffusers/models/autoencoders/autoencoder_kl.py AutoencoderKL (v0.30.3),
// decoder side only: post_quant_conv + Decoder, plus a tiled decode for large images.
//
//   auto vae = pixart::load_autoencoder_kl(folder.component_dir("vae"));
//   auto image = vae->decode(latents / vae->config().scaling_factor);  // [B,3,8h,8w], ~[-1,1]
//
// Not thread-safe: one decode at a time per instance (torch modules hold no per-call state, but
// callers share the weights' device and memory budget).
#pragma once

#include <torch/torch.h>

#include <string>

#include "config/vae_config.h"
#include "models/vae/banded_decode_options.h"
#include "models/vae/tiled_decode_options.h"
#include "models/vae/vae_decoder.h"

namespace pixart {

class AutoencoderKLImpl : public torch::nn::Module {
  public:
    explicit AutoencoderKLImpl(const VaeConfig& config);

    // z = latents / scaling_factor, [B, latent_channels, h, w] on any device/dtype (moved to the
    // weights'). Returns the raw image [B, out_channels, 8h, 8w] in float32 on the weights' device,
    // ~[-1, 1], not clamped. Throws pixart::Error(InvalidArgument) for a malformed z.
    torch::Tensor decode(const torch::Tensor& z);

    // The same image computed tile by tile (each tile a full decode of an overlapping latent
    // window, seams cross-faded), so peak memory depends on the tile size, not the image size.
    // GroupNorm statistics and the mid-block attention are global in the exact decode and per
    // tile here, so the result is an approximation (see tests/core/models for measured error).
    // A latent that fits in one tile is decoded exactly.
    torch::Tensor decode_tiled(const torch::Tensor& z, const TiledDecodeOptions& options = {});

    // The exact decode (equal to decode() within float rounding) computed in bands of rows,
    // one sample at a time, with the whole-image activations between GroupNorms kept in memory
    // or memory-mapped (BandedVaeDecoder): no seams, no overlap, memory by the options.
    // `stats`, when given, receives what it used (the largest of the samples').
    torch::Tensor decode_banded(const torch::Tensor& z, const BandedDecodeOptions& options = {},
                                BandedDecodeStats* stats = nullptr);

    const VaeConfig& config() const { return config_; }

    torch::nn::Conv2d post_quant_conv{nullptr};  // absent when use_post_quant_conv is false
    VaeDecoder decoder{nullptr};

  private:
    torch::Tensor decode_checked(const torch::Tensor& z);
    void check_latents(const torch::Tensor& z) const;

    VaeConfig config_;
};
TORCH_MODULE(AutoencoderKL);

// Builds from <dir>/config.json and binds <dir>/diffusion_pytorch_model.safetensors (decoder only:
// encoder.* and quant_conv.* are skipped). Floating weights are stored as `dtype`.
AutoencoderKL load_autoencoder_kl(const std::string& vae_dir,
                                  torch::ScalarType dtype = torch::kFloat32);

}  // namespace pixart
