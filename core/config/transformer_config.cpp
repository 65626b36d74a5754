#include "config/transformer_config.h"

#include <algorithm>

#include "config/json_file.h"

namespace pixart {

TransformerConfig TransformerConfig::from_file(const std::string& path) {
    const JsonFile f(path);
    TransformerConfig c;
    // Bounds of the PixArt family with room to spare (XL-2: 16 heads x 72, 28 layers, patch 2,
    // sample_size up to 256): anything outside is a damaged or foreign config, refused by name
    // before a size derived from it can overflow, divide by zero or allocate without bound.
    c.num_attention_heads = f.require_int("num_attention_heads", 1, 256);
    c.attention_head_dim = f.require_int("attention_head_dim", 1, 1024);
    c.in_channels = f.require_int("in_channels", 1, 64);
    c.out_channels = f.get_int("out_channels", c.in_channels, 1, 128);
    c.num_layers = f.require_int("num_layers", 1, 256);
    c.sample_size = f.require_int("sample_size", 1, 1024);  // latent cells: 8192 px
    c.patch_size = f.require_int("patch_size", 1, 16);
    c.caption_channels = f.require_int("caption_channels", 1, 65536);
    c.cross_attention_dim = f.get_int("cross_attention_dim", c.inner_dim(), 1, 1 << 20);
    c.num_embeds_ada_norm = f.get_int("num_embeds_ada_norm", 1000, 1, 1000000);
    c.norm_eps = f.get_number("norm_eps", 1e-6);
    c.attention_bias = f.get_bool("attention_bias", true);
    c.norm_elementwise_affine = f.get_bool("norm_elementwise_affine", false);
    c.upcast_attention = f.get_bool("upcast_attention", false);
    c.activation_fn = f.get_string("activation_fn", "gelu-approximate");
    c.norm_type = f.get_string("norm_type", "ada_norm_single");
    // diffusers: interpolation_scale defaults to max(sample_size // 64, 1) when absent.
    c.interpolation_scale = f.get_number("interpolation_scale", std::max(c.sample_size / 64, 1));
    // diffusers infers use_additional_conditions = (sample_size == 128) when the key is absent.
    c.use_additional_conditions = f.get_bool("use_additional_conditions", c.sample_size == 128);

    if (c.norm_type != "ada_norm_single") f.unsupported("norm_type", "PixArt-Sigma uses ada_norm_single");
    if (c.activation_fn != "gelu-approximate") f.unsupported("activation_fn", "only gelu-approximate is implemented");
    if (c.use_additional_conditions) {
        f.unsupported("use_additional_conditions",
                      "PixArt-Sigma checkpoints have no resolution/aspect-ratio embedders; set it to false");
    }
    if (c.upcast_attention) f.unsupported("upcast_attention", "only false is implemented");
    if (c.norm_elementwise_affine) f.unsupported("norm_elementwise_affine", "only false is implemented");
    if (c.num_attention_heads <= 0 || c.attention_head_dim <= 0 || c.num_layers <= 0 || c.patch_size <= 0 ||
        c.sample_size <= 0 || c.in_channels <= 0 || c.caption_channels <= 0) {
        f.unsupported("num_attention_heads", "sizes must be positive");
    }
    if (c.cross_attention_dim != c.inner_dim()) {
        f.unsupported("cross_attention_dim", "must equal num_attention_heads * attention_head_dim");
    }
    if (c.out_channels != c.in_channels && c.out_channels != 2 * c.in_channels) {
        f.unsupported("out_channels", "must be in_channels or 2 * in_channels (learned sigma)");
    }
    return c;
}

}  // namespace pixart
