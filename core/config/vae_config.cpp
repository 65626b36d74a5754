#include "config/vae_config.h"

#include "config/json_file.h"

namespace pixart {

VaeConfig VaeConfig::from_file(const std::string& path) {
    const JsonFile f(path);
    VaeConfig c;
    // Bounds of the SD/SDXL VAE family with room to spare (SDXL: [128, 256, 512, 512], 2 layers
    // per block, 32 groups): outside them a config is damaged or foreign, refused by name before
    // a size derived from it divides by zero or is allocated.
    c.in_channels = f.get_int("in_channels", 3, 1, 16);
    c.out_channels = f.get_int("out_channels", 3, 1, 16);
    c.latent_channels = f.get_int("latent_channels", 4, 1, 64);
    c.block_out_channels = f.require_int_list("block_out_channels", 1, 4096);
    c.layers_per_block = f.get_int("layers_per_block", 1, 1, 16);
    c.norm_num_groups = f.get_int("norm_num_groups", 32, 1, 4096);
    c.sample_size = f.get_int("sample_size", 32, 1, 1 << 16);
    c.scaling_factor = f.get_number("scaling_factor", 0.18215);
    c.has_shift_factor = f.has("shift_factor");
    c.shift_factor = f.get_number("shift_factor", 0.0);
    c.force_upcast = f.get_bool("force_upcast", true);
    c.use_post_quant_conv = f.get_bool("use_post_quant_conv", true);
    c.use_quant_conv = f.get_bool("use_quant_conv", true);
    c.mid_block_add_attention = f.get_bool("mid_block_add_attention", true);
    c.act_fn = f.get_string("act_fn", "silu");
    if (c.act_fn != "silu") f.unsupported("act_fn", "only silu is implemented");
    if (c.block_out_channels.empty() || c.block_out_channels.size() > 8)
        f.unsupported("block_out_channels", "1 to 8 blocks");
    for (int ch : c.block_out_channels) {
        if (ch <= 0 || ch % c.norm_num_groups != 0) {
            f.unsupported("block_out_channels",
                          "each must be a positive multiple of norm_num_groups");
        }
    }
    if (f.has("up_block_types")) {
        for (const auto& t : f.json()["up_block_types"]) {
            if (t != "UpDecoderBlock2D")
                f.unsupported("up_block_types", "only UpDecoderBlock2D is implemented");
        }
    }
    if (c.latent_channels <= 0 || c.layers_per_block <= 0)
        f.unsupported("latent_channels", "sizes must be positive");
    return c;
}

}  // namespace pixart
