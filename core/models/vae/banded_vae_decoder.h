// The SDXL VAE decoder run exactly in bands of full-width rows, for images too large to decode
// in one piece (issue 16, item 3).
//
// A tiled decode (AutoencoderKL::decode_tiled) decodes overlapping tiles independently: every
// tile's GroupNorms see only that tile, so tiles disagree and are cross-faded, and a third of
// the work is overlap. Here every layer runs over the whole image, one band of rows at a time:
//   * a 3x3 convolution reads its band plus one row above and below (the halo), so bands join
//     without seams and without overlap beyond those rows;
//   * each GroupNorm is applied with statistics of its whole input, gathered band by band while
//     that input was produced (GroupStatistics), which is why the activations between norms are
//     kept whole (ActivationStore: in memory or memory-mapped);
//   * the input convolution, the mid block and its attention run whole at latent resolution,
//     as in the untiled decode — up to 2048x2048 px; above, the attention alone is windowed
//     (BandedDecodeOptions::max_global_attention_tokens: its global cost grows with the
//     square of the positions).
// Where the attention is global, the result equals AutoencoderKL::decode within float rounding
// (tests/core/models).
#pragma once

#include <torch/torch.h>

#include "memory/activation_store.h"
#include "models/vae/banded_decode_options.h"
#include "models/vae/group_statistics.h"
#include "models/vae/vae_decoder.h"

namespace pixart {

class BandedVaeDecoder {
  public:
    BandedVaeDecoder(VaeDecoderImpl& decoder, const BandedDecodeOptions& options);

    // One sample after post_quant_conv: [1, latent_channels, h, w] in the weights' dtype and
    // device -> [1, out_channels, 8h, 8w] in that dtype.
    torch::Tensor decode(const torch::Tensor& z);

    // What decode(z) of a latent this size reports as its bands in all (before_band): the
    // mid block's resnets and attention, one each, and every band of the passes after it.
    int64_t total_bands(int64_t latent_height, int64_t latent_width) const;

    std::int64_t peak_spilled_bytes() const { return store_.peak_spilled_bytes(); }
    // The whole activations alive at once at most (in memory and spilled): what
    // model_memory::banded_decode_whole_bytes predicts from the config.
    std::int64_t peak_whole_bytes() const { return store_.peak_bytes(); }

  private:
    // A whole activation and the statistics of its groups, for the norm that reads it next.
    struct Activation {
        torch::Tensor tensor;
        GroupStatistics stats;
    };

    Activation resnet(ResnetBlock2DImpl& block, Activation x);
    Activation upsample(Upsample2DImpl& upsampler, const Activation& x);
    torch::Tensor output(const Activation& x);

    int64_t band_rows(int64_t channels, int64_t width) const;
    int64_t bands(int64_t channels, int64_t height, int64_t width) const;
    void before_band();

    VaeDecoderImpl& decoder_;
    BandedDecodeOptions options_;
    memory::ActivationStore store_;
    int64_t groups_;
    int64_t bands_done_ = 0;
    int64_t bands_total_ = 0;
};

}  // namespace pixart
