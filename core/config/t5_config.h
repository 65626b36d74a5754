// text_encoder/config.json of a transformers T5EncoderModel (T5 v1.1); fields = JSON keys.
#pragma once

#include <string>

namespace pixart {

struct T5Config {
    int vocab_size = 32128;
    int d_model = 4096;
    int d_kv = 64;
    int d_ff = 10240;
    int num_layers = 24;
    int num_heads = 64;
    int relative_attention_num_buckets = 32;
    int relative_attention_max_distance = 128;
    double layer_norm_epsilon = 1e-6;
    std::string feed_forward_proj = "gated-gelu";
    std::string dense_act_fn = "gelu_new";
    std::string torch_dtype = "float32";

    int inner_dim() const { return num_heads * d_kv; }

    static T5Config from_file(const std::string& path);
};

}  // namespace pixart
