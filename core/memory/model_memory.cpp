#include "memory/model_memory.h"

#include <algorithm>
#include <vector>

namespace pixart::model_memory {
namespace {

using i64 = std::int64_t;

// A diffusers ResnetBlock2D (two GroupNorms with affine, two 3x3 convs, a 1x1 shortcut when the
// channel count changes).
i64 resnet_parameters(i64 in, i64 out) {
    i64 n = 2 * in + 9 * in * out + out + 2 * out + 9 * out * out + out;
    if (in != out) n += in * out + out;
    return n;
}

}  // namespace

i64 t5_block_parameters(const T5Config& c) {
    const i64 d = c.d_model, inner = c.inner_dim(), ff = c.d_ff;
    return 4 * d * inner + 3 * d * ff + 2 * d;  // q k v o, wi_0 wi_1 wo, two RMS norms
}

i64 t5_largest_half_block_parameters(const T5Config& c) {
    const i64 d = c.d_model, inner = c.inner_dim(), ff = c.d_ff;
    return std::max(4 * d * inner + d, 3 * d * ff + d);
}

i64 t5_parameters(const T5Config& c) {
    return static_cast<i64>(c.vocab_size) * c.d_model + c.num_layers * t5_block_parameters(c) +
           static_cast<i64>(c.relative_attention_num_buckets) * c.num_heads + c.d_model;
}

i64 transformer_parameters(const TransformerConfig& c) {
    const i64 d = c.inner_dim(), p = c.patch_size, bias = c.attention_bias ? 1 : 0;
    const i64 cross = c.cross_attention_dim;
    // Per block: self-attention q k v (+bias) and out (+bias); cross-attention q (D), k v (cross
    // dim), out; feed-forward D -> 4D -> D with biases; the 6·D scale-shift table.
    const i64 self_attention = 3 * (d * d + bias * d) + d * d + d;
    const i64 cross_attention = (d * d + bias * d) + 2 * (cross * d + bias * d) + d * d + d;
    const i64 feed_forward = d * 4 * d + 4 * d + 4 * d * d + d;
    const i64 block = self_attention + cross_attention + feed_forward + 6 * d;
    const i64 patch_embed = static_cast<i64>(c.in_channels) * p * p * d + d;
    const i64 adaln = 256 * d + d + d * d + d + d * 6 * d + 6 * d;  // timestep MLP + 6D linear
    const i64 caption = static_cast<i64>(c.caption_channels) * d + d + d * d + d;
    const i64 output = 2 * d + d * p * p * c.out_channels + p * p * c.out_channels;
    return c.num_layers * block + patch_embed + adaln + caption + output;
}

i64 vae_decoder_parameters(const VaeConfig& c) {
    std::vector<i64> channels(c.block_out_channels.rbegin(), c.block_out_channels.rend());
    const i64 latent = c.latent_channels, top = channels.front();
    i64 n = c.use_post_quant_conv ? latent * latent + latent : 0;
    n += latent * 9 * top + top;                                          // conv_in
    n += 2 * resnet_parameters(top, top);                                 // mid-block resnets
    if (c.mid_block_add_attention) n += 2 * top + 4 * (top * top + top);  // norm + q k v out
    i64 previous = top;
    for (std::size_t i = 0; i < channels.size(); ++i) {
        const i64 out = channels[i];
        for (int r = 0; r <= c.layers_per_block; ++r) {
            n += resnet_parameters(r == 0 ? previous : out, out);
        }
        if (i + 1 < channels.size()) n += 9 * out * out + out;  // upsampler conv
        previous = out;
    }
    n += 2 * previous + 9 * previous * c.out_channels + c.out_channels;  // norm_out, conv_out
    return n;
}

i64 vae_encoder_parameters(const VaeConfig& c) {
    const std::vector<i64> channels(c.block_out_channels.begin(), c.block_out_channels.end());
    const i64 latent = c.latent_channels, bottom = channels.back(), moments = 2 * latent;
    i64 n = c.use_quant_conv ? moments * moments + moments : 0;
    n += c.in_channels * 9 * channels.front() + channels.front();  // conv_in
    i64 previous = channels.front();
    for (std::size_t i = 0; i < channels.size(); ++i) {
        const i64 out = channels[i];
        for (int r = 0; r < c.layers_per_block; ++r) {
            n += resnet_parameters(r == 0 ? previous : out, out);
        }
        if (i + 1 < channels.size()) n += 9 * out * out + out;  // downsampler conv
        previous = out;
    }
    n += 2 * resnet_parameters(bottom, bottom);  // mid resnets
    if (c.mid_block_add_attention) n += 2 * bottom + 4 * (bottom * bottom + bottom);
    n += 2 * bottom + 9 * bottom * moments + moments;  // norm_out, conv_out
    return n;
}

i64 t5_activation_bytes(const T5Config& c, int batch, int length, int element_size) {
    const i64 rows = static_cast<i64>(batch) * length;
    // Hidden states and q/k/v/attention output (~8·d), the gated feed-forward (3·d_ff), and the
    // scores, softmax and bias (3 · heads · L²).
    return element_size * (rows * (8 * static_cast<i64>(c.d_model) + 3 * static_cast<i64>(c.d_ff)) +
                           3 * static_cast<i64>(batch) * c.num_heads * length * length);
}

i64 denoise_activation_bytes(const TransformerConfig& c, int width, int height, int batch,
                             int text_tokens, int element_size) {
    const i64 cell = 8 * static_cast<i64>(c.patch_size);  // pixels per token side (VAE factor 8)
    const i64 tokens = (width / cell) * (height / cell);
    const i64 d = c.inner_dim(), b = batch;
    // Live at once in a block: hidden states, modulated input, fused q/k/v (3D), attention out,
    // the feed-forward's 4D hidden and its GELU, residuals: ~16 · B · N · D values.
    const i64 block = 16 * b * tokens * d * element_size;
    // Scores of one query chunk and their softmax, each capped at 256 MiB (AttentionImpl).
    const i64 scores =
        std::min<i64>(i64{256} << 20, b * c.num_attention_heads * tokens * tokens * element_size);
    // Every block's cross-attention keys and values, prepared once per generation.
    const i64 text = 2 * static_cast<i64>(c.num_layers) * b * text_tokens * d * element_size;
    return block + 2 * scores + text;
}

i64 decode_activation_bytes(int width, int height, int images, int scale_factor,
                            const TiledDecodeOptions& tiling, int element_size) {
    // Measured: an exact 1024x1024 decode needs ~3.8 GB above its weights in float32.
    const i64 per_pixel = 3700 * element_size / 4;
    const i64 latent_h = height / scale_factor, latent_w = width / scale_factor;
    i64 pixels = static_cast<i64>(width) * height;
    if (tiling.should_tile(latent_h, latent_w)) {
        const i64 tile = static_cast<i64>(tiling.tile_latent) * scale_factor;
        pixels = std::min(pixels, tile * tile);
    }
    // The decoded images: the float output, its rescaled copy and the [0, 1] result.
    const i64 images_bytes = 3 * 3 * static_cast<i64>(width) * height * 4;
    return images * (pixels * per_pixel + images_bytes);
}

i64 banded_decode_whole_bytes(const VaeConfig& c, int width, int height, int element_size) {
    // Up blocks in order: block_out_channels reversed, each but the last doubling the size.
    std::vector<i64> channels(c.block_out_channels.rbegin(), c.block_out_channels.rend());
    const i64 scale = c.scale_factor();
    i64 pixels = (static_cast<i64>(width) / scale) * (height / scale);
    i64 in = channels.front(), peak = 0;
    for (std::size_t i = 0; i < channels.size(); ++i) {
        const i64 out = channels[i];
        // The first resnet: input, hidden and a new output when the channels change; without a
        // projection the output overwrites the input.
        peak = std::max(peak, (in != out ? in + 2 * out : 2 * out) * pixels);
        if (i + 1 < channels.size()) {
            peak = std::max(peak, out * pixels + out * 4 * pixels);  // upsampler in and out
            pixels *= 4;
        }
        in = out;
    }
    return peak * element_size;
}

i64 banded_decode_working_bytes(const VaeConfig& c, int width, int height,
                                const BandedDecodeOptions& options, int element_size) {
    const i64 scale = c.scale_factor();
    const i64 latent = (static_cast<i64>(width) / scale) * (height / scale);
    const i64 deepest = c.block_out_channels.back();
    // The mid block at latent resolution: a resnet's input, norm, hidden, output and the
    // attention's q, k, v and result: ~8 tensors of the deepest width (measured 2048x2048:
    // within the figure below). The attention's scratch fits beside them: diffusers' path 2 ×
    // 128 MiB of scores, the fused kernel's packed keys and values (2 tensors of that width,
    // 256 MiB at 2048x2048) and one ≤ 12 MiB score block per thread (measured: 8 MiB less peak).
    const i64 mid = 8 * deepest * latent * element_size;
    // A band's normed rows, padded copy, convolution output, statistics temporaries and their
    // copies in the buffer cache (measured 1024x1024 with 32 MiB bands: ~0.4 GB).
    const i64 bands = 12 * options.band_bytes;
    const i64 image = static_cast<i64>(c.out_channels) * width * height * 4;
    return mid + bands + image;
}

i64 encode_activation_bytes(int width, int height, int element_size) {
    // Taken as the exact decode's per-pixel need (its largest stages are the same 128-channel
    // resnets at full resolution), plus the input picture and its float copy.
    const i64 per_pixel = 3700 * element_size / 4;
    const i64 pixels = static_cast<i64>(width) * height;
    return pixels * per_pixel + 2 * 3 * pixels * 4;
}

}  // namespace pixart::model_memory
