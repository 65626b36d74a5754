#include "generation_memory.h"

#include <algorithm>
#include <limits>

#include "memory/model_memory.h"

namespace pixart {

MemoryPlanInfo plan_info(const MemoryPlan& plan) {
    MemoryPlanInfo info;
    info.text_encoder = !plan.text_encoder_needed                         ? "cached"
                        : plan.text_encoder == EncoderPlacement::Resident ? "resident"
                                                                          : "streamed";
    info.low_memory = plan.low_memory;
    info.peak_bytes = plan.peak.bytes;
    info.available_bytes = plan.budget.bytes;
    info.summary = plan.summary();
    info.fits = plan.fits;
    if (!plan.fits) info.refusal = plan.refusal();
    return info;
}

MemoryDemand generation_memory_demand(ModelComponents& components, const GenerationRequest& request,
                                      const ResolvedSize& size, bool text_encoder_needed) {
    namespace mm = model_memory;
    const auto& options = components.options();
    const auto& t5 = components.text_encoder_config();
    const int t5_element = static_cast<int>(c10::elementSize(options.text_encoder_dtype));
    const int element = static_cast<int>(c10::elementSize(options.dtype));
    const int vae_element = static_cast<int>(c10::elementSize(options.vae_dtype));
    const int images = static_cast<int>(request.prompts.size()) * request.images_per_prompt;
    const int rows = request.guidance_scale > 1.0 ? 2 * images : images;
    // Weights on a GPU do not count against the host's memory.
    const bool t5_on_host = options.text_encoder_device.is_cpu();
    const bool on_host = options.device.is_cpu();

    MemoryDemand d;
    d.baseline = mm::kProcessBaselineBytes;
    d.text_encoder_needed = text_encoder_needed;
    d.text_encoder_loaded = components.text_encoder_placement() == EncoderPlacement::Resident;
    if (t5_on_host) {
        d.text_encoder_resident = mm::t5_parameters(t5) * t5_element;
        d.text_encoder_activations =
            mm::t5_activation_bytes(t5, 1, request.max_sequence_length, t5_element);
    }
    if (components.can_stream_text_encoder()) {
        // Half a block's mapped pages as stored, plus the conversion buffer (the larger half in
        // the compute dtype) when the dtypes differ; on a GPU that buffer is in its memory.
        const int stored = components.text_encoder_stored_element_size();
        const std::int64_t half = mm::t5_largest_half_block_parameters(t5);
        d.text_encoder_streamed = half * stored;
        if (stored != t5_element && t5_on_host) d.text_encoder_streamed += half * t5_element;
    }
    d.transformer_loaded = components.transformer_loaded();
    d.vae_loaded = components.vae_loaded();
    if (on_host) {
        d.transformer = mm::transformer_parameters(components.transformer_config()) * element;
        d.denoise_activations = mm::denoise_activation_bytes(
            components.transformer_config(), size.generated_width, size.generated_height, rows,
            request.max_sequence_length, element);
        d.vae = mm::vae_decoder_parameters(components.vae_config()) * vae_element;
        const auto& vae = components.vae_config();
        const int scale = vae.scale_factor();
        const int width = size.generated_width, height = size.generated_height;
        if (options.tiled_decode.banded &&
            options.tiled_decode.should_tile(height / scale, width / scale)) {
            // One sample at a time: its working set and the planned part of its whole
            // activations, plus every decoded image.
            const auto image_bytes = std::int64_t{3} * 3 * width * height * 4;
            d.decode_activations = mm::banded_decode_working_bytes(
                                       vae, width, height, options.banded_decode, vae_element) +
                                   banded_decode_planned_resident_bytes(components, size) +
                                   images * image_bytes;
        } else {
            d.decode_activations = mm::decode_activation_bytes(width, height, images, scale,
                                                               options.tiled_decode, vae_element);
        }
        d.decode_activations_low_memory =
            mm::decode_activation_bytes(size.generated_width, size.generated_height, images, scale,
                                        PipelineOptions::low_memory_tiles(), vae_element);
        if (request.init_image) {
            d.image_encoder = mm::vae_encoder_parameters(components.vae_config()) * vae_element;
            d.encode_activations = mm::encode_activation_bytes(size.generated_width,
                                                               size.generated_height, vae_element);
        }
    }
    return d;
}

std::int64_t banded_decode_planned_resident_bytes(const ModelComponents& components,
                                                  const ResolvedSize& size) {
    const int element = static_cast<int>(c10::elementSize(components.options().vae_dtype));
    return std::min(
        kBandedDecodePlannedResidentBytes,
        model_memory::banded_decode_whole_bytes(components.vae_config(), size.generated_width,
                                                size.generated_height, element));
}

std::int64_t banded_decode_resident_bytes(const ModelComponents& components,
                                          const ResolvedSize& size, const MemoryPlan& plan) {
    std::int64_t decoding = 0;
    for (const auto& stage : plan.stages) {
        if (stage.stage == "decoding") decoding = stage.bytes;
    }
    const std::int64_t planned = banded_decode_planned_resident_bytes(components, size);
    const std::int64_t spare =
        std::max<std::int64_t>(0, plan.budget.bytes - kMemoryHeadroom - decoding);
    // An unlimited budget (nothing readable: INT64_MAX) must not wrap around.
    return spare > std::numeric_limits<std::int64_t>::max() - planned
               ? std::numeric_limits<std::int64_t>::max()
               : planned + spare;
}

}  // namespace pixart
