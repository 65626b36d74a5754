// vae/config.json of an AutoencoderKL (diffusers v0.30.3); fields = JSON keys.
#pragma once

#include <string>
#include <vector>

namespace pixart {

struct VaeConfig {
    int in_channels = 3;
    int out_channels = 3;
    int latent_channels = 4;
    std::vector<int> block_out_channels{128, 256, 512, 512};
    int layers_per_block = 2;
    int norm_num_groups = 32;
    int sample_size = 1024;
    double scaling_factor = 0.13025;
    bool has_shift_factor = false;
    double shift_factor = 0.0;
    bool force_upcast = false;
    bool use_quant_conv = true;  // the encoder side
    bool use_post_quant_conv = true;
    bool mid_block_add_attention = true;
    std::string act_fn = "silu";

    // 2^(len(block_out_channels) - 1): pixels per latent cell (8 for the SDXL VAE).
    int scale_factor() const { return 1 << (static_cast<int>(block_out_channels.size()) - 1); }

    static VaeConfig from_file(const std::string& path);
};

}  // namespace pixart
