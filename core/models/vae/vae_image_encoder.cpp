// The encoding half of diffusers' AutoencoderKL (v0.30.3) and its DiagonalGaussianDistribution.
#include "models/vae/vae_image_encoder.h"

#include <sstream>

#include "api/errors.h"
#include "loading/checkpoint.h"
#include "loading/tensor_loading.h"

namespace pixart {

torch::Tensor LatentPosterior::sample(const torch::Tensor& noise) const {
    if (!noise.defined() || noise.sizes() != mean.sizes()) {
        throw Error(ErrorKind::InvalidArgument,
                    "vae encode: the posterior's noise must have the mean's shape");
    }
    return mean + std * noise.to(mean.device(), mean.scalar_type());
}

VaeImageEncoderImpl::VaeImageEncoderImpl(const VaeConfig& config) : config_(config) {
    encoder = register_module("encoder", VaeEncoder(config));
    if (config.use_quant_conv) {
        const int64_t moments = 2 * config.latent_channels;
        quant_conv = register_module(
            "quant_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(moments, moments, 1)));
    }
}

torch::Tensor VaeImageEncoderImpl::moments(const torch::Tensor& pixels) {
    torch::NoGradGuard no_grad;
    if (!pixels.defined() || pixels.dim() != 4 || pixels.size(1) != config_.in_channels ||
        pixels.size(0) == 0 || pixels.size(2) == 0 || pixels.size(3) == 0 ||
        !pixels.is_floating_point()) {
        std::ostringstream shape;
        if (pixels.defined()) shape << pixels.sizes();
        throw Error(ErrorKind::InvalidArgument,
                    "vae encode: pixels must be floating point [B, " +
                        std::to_string(config_.in_channels) + ", H, W] with B, H, W > 0, got " +
                        (pixels.defined() ? shape.str() : std::string("an undefined tensor")));
    }
    const auto& weight = encoder->conv_in->weight;
    auto h = encoder(pixels.to(weight.device(), weight.scalar_type()));
    if (quant_conv) h = quant_conv(h);
    return h.to(torch::kFloat32);
}

LatentPosterior VaeImageEncoderImpl::encode(const torch::Tensor& pixels) {
    torch::NoGradGuard no_grad;
    const auto parts = moments(pixels).chunk(2, 1);
    LatentPosterior posterior;
    posterior.mean = parts[0];
    posterior.logvar = torch::clamp(parts[1], -30.0, 20.0);
    posterior.std = torch::exp(0.5 * posterior.logvar);
    return posterior;
}

VaeImageEncoder load_vae_image_encoder(const std::string& vae_dir, torch::ScalarType dtype) {
    VaeImageEncoder encoder(VaeConfig::from_file(vae_dir + "/config.json"));
    encoder->to(dtype);
    const auto checkpoint = Checkpoint::open_component(vae_dir, "diffusion_pytorch_model");
    BindOptions options;
    options.ignored_prefixes = {"decoder.", "post_quant_conv."};
    options.float_dtype = dtype;
    bind_state_dict(*encoder, checkpoint, "vae", options);
    encoder->eval();
    return encoder;
}

}  // namespace pixart
