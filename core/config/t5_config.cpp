#include "config/t5_config.h"

#include "config/json_file.h"

namespace pixart {

T5Config T5Config::from_file(const std::string& path) {
    const JsonFile f(path);
    T5Config c;
    // Bounds of the T5 family with room to spare (XXL: 32128 x 4096, 64 heads x 64, d_ff 10240,
    // 24 layers): outside them a config is damaged or foreign, refused by name before any size
    // derived from it is allocated.
    c.vocab_size = f.require_int("vocab_size", 1, 1000000);
    c.d_model = f.require_int("d_model", 1, 65536);
    c.d_kv = f.require_int("d_kv", 1, 1024);
    c.d_ff = f.require_int("d_ff", 1, 262144);
    c.num_layers = f.require_int("num_layers", 1, 256);
    c.num_heads = f.require_int("num_heads", 1, 1024);
    c.relative_attention_num_buckets = f.get_int("relative_attention_num_buckets", 32, 2, 4096);
    c.relative_attention_max_distance =
        f.get_int("relative_attention_max_distance", 128, 1, 1000000);
    c.layer_norm_epsilon = f.get_number("layer_norm_epsilon", 1e-6);
    c.feed_forward_proj = f.get_string("feed_forward_proj", "relu");
    c.dense_act_fn = f.get_string("dense_act_fn", c.feed_forward_proj == "gated-gelu" ? "gelu_new" : "relu");
    c.torch_dtype = f.get_string("torch_dtype", "float32");
    const auto model_type = f.get_string("model_type", "t5");
    if (model_type != "t5") f.unsupported("model_type", "a T5 encoder is expected");
    if (c.feed_forward_proj != "gated-gelu") f.unsupported("feed_forward_proj", "PixArt-Sigma uses T5 v1.1 (gated-gelu)");
    if (c.dense_act_fn != "gelu_new") f.unsupported("dense_act_fn", "only gelu_new is implemented");
    if (c.vocab_size <= 0 || c.d_model <= 0 || c.d_kv <= 0 || c.d_ff <= 0 || c.num_layers <= 0 || c.num_heads <= 0) {
        f.unsupported("d_model", "sizes must be positive");
    }
    return c;
}

}  // namespace pixart
