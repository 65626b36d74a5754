// What PixArt-Sigma's networks take in memory, from their configs alone (nothing loaded):
// parameter counts (exact: tests compare them with the modules built from the same configs) and
// activation peaks of one job (estimates, calibrated on measured peaks; docs/PERFORMANCE.md).
#pragma once

#include <cstdint>

#include "config/t5_config.h"
#include "config/transformer_config.h"
#include "config/vae_config.h"
#include "models/vae/banded_decode_options.h"
#include "models/vae/tiled_decode_options.h"

namespace pixart::model_memory {

std::int64_t t5_parameters(const T5Config& c);        // token table + blocks + bias + final norm
std::int64_t t5_block_parameters(const T5Config& c);  // one block (without block 0's bias table)
// The larger half of a block (self-attention + its norm, or the feed-forward + its norm): what a
// streamed T5 holds at once.
std::int64_t t5_largest_half_block_parameters(const T5Config& c);
std::int64_t transformer_parameters(const TransformerConfig& c);
std::int64_t vae_decoder_parameters(const VaeConfig& c);  // decoder + post_quant_conv
std::int64_t vae_encoder_parameters(const VaeConfig& c);  // encoder + quant_conv

// T5 over `length` positions of `batch` prompts: a block's largest live tensors.
std::int64_t t5_activation_bytes(const T5Config& c, int batch, int length, int element_size);

// One denoising step at width × height with `batch` rows (images × 2 under CFG) attending over
// up to `text_tokens` text tokens: the block's largest live tensors (hidden states, fused q/k/v,
// the 4·D feed-forward), the chunked attention scores, and every block's text keys and values.
std::int64_t denoise_activation_bytes(const TransformerConfig& c, int width, int height, int batch,
                                      int text_tokens, int element_size);

// Decoding `images` images of width × height: the decoder's activations at full resolution
// (~3.7 KB per pixel in float32, measured) for the whole image or one tile, plus the images.
std::int64_t decode_activation_bytes(int width, int height, int images, int scale_factor,
                                     const TiledDecodeOptions& tiling, int element_size);
// The banded decode (AutoencoderKL::decode_banded) of one image of width x height: the whole
// activations it keeps between GroupNorms at their largest (a resnet's input, hidden state and
// output at one resolution, or an upsampler's input and output), exact from the config ...
std::int64_t banded_decode_whole_bytes(const VaeConfig& c, int width, int height, int element_size);
// ... and what it needs besides: the latent-resolution mid block (run whole, attention
// included), the bands' temporaries and the float image.
std::int64_t banded_decode_working_bytes(const VaeConfig& c, int width, int height,
                                         const BandedDecodeOptions& options, int element_size);
// The untiled VAE encoder on one init image of width x height (image-to-image encodes one
// picture whatever the batch): its full-resolution stages dominate, as the decoder's do.
std::int64_t encode_activation_bytes(int width, int height, int element_size);

// The process without any network: libtorch, the tokenizer, buffers (measured ~200 MiB).
constexpr std::int64_t kProcessBaselineBytes = std::int64_t{256} << 20;

}  // namespace pixart::model_memory
