// transformer/config.json of a PixArtTransformer2DModel (diffusers v0.30.3); fields = JSON keys.
#pragma once

#include <string>

namespace pixart {

struct TransformerConfig {
    int num_attention_heads = 16;
    int attention_head_dim = 72;
    int in_channels = 4;
    int out_channels = 8;
    int num_layers = 28;
    int sample_size = 128;
    int patch_size = 2;
    int caption_channels = 4096;
    int cross_attention_dim = 1152;
    int num_embeds_ada_norm = 1000;
    double norm_eps = 1e-6;
    double interpolation_scale = 2.0;
    bool attention_bias = true;
    bool norm_elementwise_affine = false;
    bool upcast_attention = false;
    bool use_additional_conditions = false;
    std::string activation_fn = "gelu-approximate";
    std::string norm_type = "ada_norm_single";

    int inner_dim() const { return num_attention_heads * attention_head_dim; }

    // Parses and validates; values this port does not implement are rejected by name.
    static TransformerConfig from_file(const std::string& path);
};

}  // namespace pixart
