#include "models/vae/banded_vae_decoder.h"

#include <algorithm>
#include <optional>

#include "memory/cpu_buffer_cache.h"
#include "models/vae/windowed_attention.h"

namespace pixart {

namespace {

// Rows [lo, hi) of the source that a band of output rows [start, end) of a 3x3 convolution
// reads: one more on each side, clipped to the image.
struct Halo {
    int64_t lo;
    int64_t hi;
};

Halo halo(int64_t start, int64_t end, int64_t height) {
    return {std::max<int64_t>(start - 1, 0), std::min(end + 1, height)};
}

// Output rows [start, end) of a 3x3 convolution (stride 1, zero padding 1) over an image
// `height` rows tall, from `rows`, its prepared input rows halo(start, end, height): the zero
// rows of the padding are added where the band touches an edge, and the columns are padded by
// the convolution itself as in the whole-image call.
torch::Tensor conv3x3_band(const torch::Tensor& rows, int64_t start, int64_t end, int64_t height,
                           const torch::nn::Conv2dImpl& conv) {
    auto input = rows;
    const int64_t top = start == 0 ? 1 : 0;
    const int64_t bottom = end == height ? 1 : 0;
    if (top || bottom) input = torch::constant_pad_nd(input, {0, 0, top, bottom});
    const int64_t stride[] = {1, 1};
    const int64_t padding[] = {0, 1};
    return torch::conv2d(input, conv.weight, conv.bias, stride, padding);
}

// silu(GroupNorm(x)) for the rows [lo, hi) of x, with the norm's whole-image scale and shift.
torch::Tensor normed_rows(const torch::Tensor& x, Halo h,
                          const std::pair<torch::Tensor, torch::Tensor>& affine) {
    auto rows = torch::addcmul(affine.second, x.narrow(2, h.lo, h.hi - h.lo), affine.first);
    return torch::silu_(rows);
}

}  // namespace

// Every band of a pass allocates the same temporaries (normed rows, padded rows, convolution
// output): each pass holds a CpuBufferCache::Reuse scope, so they come back from the cache
// instead of being mapped and zeroed by the kernel again (1024x1024: 58 s instead of 70 s, a
// third of the system time), and its end frees them, so sizes of one pass do not pile up
// in the cache during the next (with one scope for the whole decode: +1.6 GB peak).

BandedVaeDecoder::BandedVaeDecoder(VaeDecoderImpl& decoder, const BandedDecodeOptions& options)
    : decoder_(decoder),
      options_(options),
      store_(options.resident_activation_bytes, options.spill_directory),
      groups_(decoder.conv_norm_out->options.num_groups()) {}

void BandedVaeDecoder::before_band() {
    if (options_.before_band) options_.before_band(bands_done_, bands_total_);
    ++bands_done_;
}

int64_t BandedVaeDecoder::bands(int64_t channels, int64_t height, int64_t width) const {
    const int64_t rows = band_rows(channels, width);
    return (height + rows - 1) / rows;
}

int64_t BandedVaeDecoder::total_bands(int64_t latent_height, int64_t latent_width) const {
    // The mid block's parts count as one band each (they run whole: the global attention at
    // 2048x2048 alone takes a minute here, and a cancel is seen between them) ...
    const auto& mid = *decoder_.mid_block;
    int64_t total = static_cast<int64_t>(mid.resnets.size() + mid.attentions.size());
    // ... then the passes after it, counted the way their loops cut them.
    int64_t height = latent_height, width = latent_width;
    for (auto& block : decoder_.up_blocks) {
        for (auto& resnet_block : block->resnets) {
            total += bands(resnet_block->conv1->options.in_channels(), height, width);
            total += bands(resnet_block->conv1->options.out_channels(), height, width);
        }
        if (block->upsampler) {
            height *= 2;
            width *= 2;
            total += bands(block->upsampler->conv->options.in_channels(), height, width);
        }
    }
    return total + bands(decoder_.conv_out->options.in_channels(), height, width);
}

int64_t BandedVaeDecoder::band_rows(int64_t channels, int64_t width) const {
    const auto element = static_cast<int64_t>(decoder_.conv_in->weight.element_size());
    return std::max<int64_t>(
        1, options_.band_bytes / std::max<int64_t>(1, channels * width * element));
}

torch::Tensor BandedVaeDecoder::decode(const torch::Tensor& z) {
    torch::NoGradGuard no_grad;
    bands_done_ = 0;
    bands_total_ = total_bands(z.size(2), z.size(3));
    // 1. Latent resolution, whole: exactly the untiled layers, the attention global up to
    //    max_global_attention_tokens and within windows above.
    auto h = decoder_.conv_in(z);
    auto& mid = *decoder_.mid_block;
    before_band();
    h = mid.resnets[0](h);
    if (!mid.attentions.empty()) {
        before_band();
        auto& attention = *mid.attentions[0];
        h = options_.exact(h.size(2), h.size(3))
                ? attention.forward(h)
                : windowed_vae_attention(attention, h, options_.attention_window,
                                         options_.attention_overlap);
    }
    before_band();
    h = mid.resnets[1](h);
    // Into the store, so it is counted (and spilled) like every later whole activation: the
    // first up block's resnets overwrite it in place.
    Activation a{store_.allocate(h.sizes(), h.options()).copy_(h), GroupStatistics::of(h, groups_)};
    h = torch::Tensor();

    // 2. The up blocks and the output, band by band.
    for (auto& block : decoder_.up_blocks) {
        for (auto& resnet_block : block->resnets) a = resnet(*resnet_block, std::move(a));
        if (block->upsampler) a = upsample(*block->upsampler, a);
    }
    return output(a);
}

BandedVaeDecoder::Activation BandedVaeDecoder::resnet(ResnetBlock2DImpl& block, Activation x) {
    const auto& input = x.tensor;
    const int64_t height = input.size(2), width = input.size(3);
    const int64_t out_channels = block.conv1->options.out_channels();
    const auto options = input.options();

    // h = conv1(silu(norm1(x))), kept whole: norm2 needs its statistics before its first band.
    const auto norm1 = x.stats.affine(*block.norm1, input.scalar_type());
    auto hidden = store_.allocate({1, out_channels, height, width}, options);
    GroupStatistics hidden_stats(groups_);
    const int64_t rows1 = band_rows(input.size(1), width);
    std::optional<memory::CpuBufferCache::Reuse> reuse(std::in_place);
    for (int64_t start = 0; start < height; start += rows1) {
        before_band();
        const int64_t end = std::min(start + rows1, height);
        const auto h = halo(start, end, height);
        const auto band =
            conv3x3_band(normed_rows(input, h, norm1), start, end, height, *block.conv1);
        hidden_stats.add(band);
        hidden.narrow(2, start, end - start).copy_(band);
    }

    // out = conv2(silu(norm2(h))) + shortcut(x). Without a shortcut each band of x is read only
    // by the same band of out, so out overwrites x in place.
    const auto norm2 = hidden_stats.affine(*block.norm2, input.scalar_type());
    const bool projected = !block.conv_shortcut.is_empty();
    auto out = projected ? store_.allocate({1, out_channels, height, width}, options) : input;
    GroupStatistics out_stats(groups_);
    const int64_t rows2 = band_rows(out_channels, width);
    reuse.emplace();  // a new set of band sizes: the last pass's buffers are freed first
    for (int64_t start = 0; start < height; start += rows2) {
        before_band();
        const int64_t end = std::min(start + rows2, height);
        const auto h = halo(start, end, height);
        auto band = conv3x3_band(normed_rows(hidden, h, norm2), start, end, height, *block.conv2);
        const auto residual = input.narrow(2, start, end - start);
        if (projected) {
            band.add_(
                torch::conv2d(residual, block.conv_shortcut->weight, block.conv_shortcut->bias));
        } else {
            band.add_(residual);
        }
        out_stats.add(band);
        out.narrow(2, start, end - start).copy_(band);
    }
    return {out, std::move(out_stats)};
}

BandedVaeDecoder::Activation BandedVaeDecoder::upsample(Upsample2DImpl& upsampler,
                                                        const Activation& x) {
    const auto& input = x.tensor;
    const int64_t channels = input.size(1);
    const int64_t height = input.size(2) * 2, width = input.size(3) * 2;
    auto out = store_.allocate({1, channels, height, width}, input.options());
    GroupStatistics out_stats(groups_);
    const bool via_float = input.scalar_type() == torch::kBFloat16;  // as Upsample2D does
    const int64_t rows = band_rows(channels, width);
    const memory::CpuBufferCache::Reuse reuse;
    for (int64_t start = 0; start < height; start += rows) {
        before_band();
        const int64_t end = std::min(start + rows, height);
        const auto h = halo(start, end, height);
        // The upsampled rows [lo, hi) repeat the source rows [lo/2, (hi-1)/2].
        const int64_t source_lo = h.lo / 2, source_hi = (h.hi - 1) / 2 + 1;
        auto source = input.narrow(2, source_lo, source_hi - source_lo);
        if (via_float) source = source.to(torch::kFloat32);
        auto doubled = torch::upsample_nearest2d(source, {2 * (source_hi - source_lo), width})
                           .narrow(2, h.lo - 2 * source_lo, h.hi - h.lo);
        if (via_float) doubled = doubled.to(input.scalar_type());
        const auto band = conv3x3_band(doubled, start, end, height, *upsampler.conv);
        out_stats.add(band);
        out.narrow(2, start, end - start).copy_(band);
    }
    return {out, std::move(out_stats)};
}

torch::Tensor BandedVaeDecoder::output(const Activation& x) {
    const auto& input = x.tensor;
    const int64_t height = input.size(2), width = input.size(3);
    const auto norm = x.stats.affine(*decoder_.conv_norm_out, input.scalar_type());
    auto image = torch::empty({1, decoder_.conv_out->options.out_channels(), height, width},
                              input.options());
    const int64_t rows = band_rows(input.size(1), width);
    const memory::CpuBufferCache::Reuse reuse;
    for (int64_t start = 0; start < height; start += rows) {
        before_band();
        const int64_t end = std::min(start + rows, height);
        const auto h = halo(start, end, height);
        image.narrow(2, start, end - start)
            .copy_(
                conv3x3_band(normed_rows(input, h, norm), start, end, height, *decoder_.conv_out));
    }
    return image;
}

}  // namespace pixart
