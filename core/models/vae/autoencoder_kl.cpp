// Port of diffusers src/diffusers/models/autoencoders/autoencoder_kl.py AutoencoderKL (v0.30.3)
#include "models/vae/autoencoder_kl.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "api/errors.h"
#include "loading/checkpoint.h"
#include "loading/tensor_loading.h"
#include "models/vae/banded_vae_decoder.h"
#include "models/vae/tile_layout.h"

namespace pixart {

namespace {

std::string shape_text(const torch::Tensor& t) {
    std::ostringstream out;
    out << t.sizes();
    return out.str();
}

}  // namespace

AutoencoderKLImpl::AutoencoderKLImpl(const VaeConfig& config) : config_(config) {
    if (config.use_post_quant_conv) {
        post_quant_conv = register_module("post_quant_conv",
                                          torch::nn::Conv2d(torch::nn::Conv2dOptions(
                                              config.latent_channels, config.latent_channels, 1)));
    }
    decoder = register_module("decoder", VaeDecoder(config));
}

void AutoencoderKLImpl::check_latents(const torch::Tensor& z) const {
    if (!z.defined() || z.dim() != 4 || z.size(1) != config_.latent_channels || z.size(0) == 0 ||
        z.size(2) == 0 || z.size(3) == 0) {
        throw Error(ErrorKind::InvalidArgument,
                    "vae decode: latents must be [B, " + std::to_string(config_.latent_channels) +
                        ", h, w] with B, h, w > 0, got " +
                        (z.defined() ? shape_text(z) : std::string("an undefined tensor")));
    }
    if (!z.is_floating_point()) {
        throw Error(ErrorKind::InvalidArgument, "vae decode: latents must be floating point");
    }
}

torch::Tensor AutoencoderKLImpl::decode_checked(const torch::Tensor& z) {
    const auto& weight = decoder->conv_in->weight;
    auto h = z.to(weight.device(), weight.scalar_type());
    if (post_quant_conv) h = post_quant_conv(h);
    return decoder(h).to(torch::kFloat32);
}

torch::Tensor AutoencoderKLImpl::decode(const torch::Tensor& z) {
    torch::NoGradGuard no_grad;
    check_latents(z);
    return decode_checked(z);
}

torch::Tensor AutoencoderKLImpl::decode_tiled(const torch::Tensor& z,
                                              const TiledDecodeOptions& options) {
    torch::NoGradGuard no_grad;
    check_latents(z);
    if (options.tile_latent < 1 || options.overlap_latent < 0 ||
        options.overlap_latent >= options.tile_latent) {
        throw Error(ErrorKind::InvalidArgument,
                    "vae tiled decode: need tile_latent >= 1 and 0 <= overlap_latent < "
                    "tile_latent, got tile " +
                        std::to_string(options.tile_latent) + ", overlap " +
                        std::to_string(options.overlap_latent));
    }
    const int64_t tile = options.tile_latent;
    const int64_t height = z.size(2);
    const int64_t width = z.size(3);
    if (height <= tile && width <= tile) return decode_checked(z);

    const int64_t scale = config_.scale_factor();
    const auto row_starts = tile_starts(height, tile, options.overlap_latent);
    const auto col_starts = tile_starts(width, tile, options.overlap_latent);
    const auto device = decoder->conv_in->weight.device();
    auto row_weights = tile_blend_weights(row_starts, tile, height, scale);
    auto col_weights = tile_blend_weights(col_starts, tile, width, scale);
    for (auto& w : row_weights) w = w.to(device).view({1, 1, -1, 1});
    for (auto& w : col_weights) w = w.to(device).view({1, 1, 1, -1});

    // Only the output image and one decoded tile are alive at a time.
    const int64_t tile_h = std::min(tile, height);
    const int64_t tile_w = std::min(tile, width);
    auto image = torch::zeros({z.size(0), config_.out_channels, height * scale, width * scale},
                              torch::TensorOptions().dtype(torch::kFloat32).device(device));
    for (size_t i = 0; i < row_starts.size(); ++i) {
        for (size_t j = 0; j < col_starts.size(); ++j) {
            auto window =
                z.narrow(2, row_starts[i], tile_h).narrow(3, col_starts[j], tile_w).contiguous();
            auto decoded = decode_checked(window);  // [B, C, tile_h*scale, tile_w*scale]
            decoded.mul_(row_weights[i]).mul_(col_weights[j]);
            image.narrow(2, row_starts[i] * scale, tile_h * scale)
                .narrow(3, col_starts[j] * scale, tile_w * scale)
                .add_(decoded);
        }
    }
    return image;
}

torch::Tensor AutoencoderKLImpl::decode_banded(const torch::Tensor& z,
                                               const BandedDecodeOptions& options,
                                               BandedDecodeStats* stats) {
    torch::NoGradGuard no_grad;
    check_latents(z);
    if (options.band_bytes < 1) {
        throw Error(ErrorKind::InvalidArgument, "vae banded decode: band_bytes must be positive");
    }
    const auto& weight = decoder->conv_in->weight;
    const int64_t scale = config_.scale_factor();
    auto image =
        torch::empty({z.size(0), config_.out_channels, z.size(2) * scale, z.size(3) * scale},
                     torch::TensorOptions().dtype(torch::kFloat32).device(weight.device()));
    // GroupNorm statistics are per sample, so each sample is decoded on its own; the progress
    // counts the bands of all of them.
    const int64_t samples = z.size(0);
    for (int64_t i = 0; i < samples; ++i) {
        auto h = z.narrow(0, i, 1).to(weight.device(), weight.scalar_type());
        if (post_quant_conv) h = post_quant_conv(h);
        auto sample_options = options;
        if (options.before_band) {
            sample_options.before_band = [&options, i, samples](int64_t done, int64_t total) {
                options.before_band(i * total + done, samples * total);
            };
        }
        BandedVaeDecoder banded(*decoder, sample_options);
        image.narrow(0, i, 1).copy_(banded.decode(h));
        if (stats) {
            stats->peak_spilled_bytes =
                std::max(stats->peak_spilled_bytes, banded.peak_spilled_bytes());
        }
    }
    return image;
}

AutoencoderKL load_autoencoder_kl(const std::string& vae_dir, torch::ScalarType dtype) {
    AutoencoderKL vae(VaeConfig::from_file(vae_dir + "/config.json"));
    vae->to(dtype);
    const auto checkpoint = Checkpoint::open_component(vae_dir, "diffusion_pytorch_model");
    BindOptions options;
    options.ignored_prefixes = {"encoder.", "quant_conv."};
    options.float_dtype = dtype;
    bind_state_dict(*vae, checkpoint, "vae", options);
    vae->eval();
    return vae;
}

}  // namespace pixart
