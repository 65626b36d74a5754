// Port of diffusers pipelines/pixart_alpha/pipeline_pixart_sigma.py (v0.30.3): the unrolled loop.
#include "pixart_sigma_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <utility>

#include "api/aspect_ratios.h"
#include "api/errors.h"
#include "generation_memory.h"
#include "init_image_pixels.h"
#include "initial_noise.h"
#include "latent_decoding.h"
#include "latent_preview.h"
#include "loading/load_progress.h"
#include "memory/cpu_buffer_cache.h"
#include "memory/memory_budget.h"
#include "memory/process_memory.h"
#include "resolution_binning.h"
#include "schedulers/scheduler.h"

namespace pixart {
namespace {

// Runs `load` (a network on first use) with the weights it reads reported to the caller's
// on_load, tagged with the stage shown; returns what `load` returns.
template <typename Load>
decltype(auto) reporting_load(const GenerationCallbacks& callbacks, Stage stage, Load&& load) {
    LoadProgressScope::Report report;
    if (callbacks.on_load) {
        report = [&callbacks, stage](std::int64_t done, std::int64_t total) {
            callbacks.on_load(LoadProgress{stage, done, total});
        };
    }
    const LoadProgressScope scope(std::move(report));
    return load();
}

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorKind::InvalidArgument, message);
}

void check_cancel(const CancelToken* cancel) {
    if (cancel != nullptr && cancel->cancelled()) throw Cancelled();
}

std::string size_text(int width, int height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

// Image-to-image: the size asked for, or the picture's own (a missing side from its aspect
// ratio). Without binning the generation runs at the nearest multiple of `multiple` (the
// picture is then covered and centre-cropped); a size of another aspect ratio is refused, so
// nothing is stretched or cut away beyond rounding.
ResolvedSize init_image_size(const GenerationRequest& request, int multiple) {
    const Image& picture = request.init_image->pixels;
    const double aspect = static_cast<double>(picture.width) / picture.height;
    ResolvedSize size;
    size.width = request.width;
    size.height = request.height;
    if (size.width == 0 && size.height == 0) {
        size.width = picture.width;
        size.height = picture.height;
    } else if (size.height == 0) {
        size.height = std::max(1, static_cast<int>(std::lround(size.width / aspect)));
    } else if (size.width == 0) {
        size.width = std::max(1, static_cast<int>(std::lround(size.height * aspect)));
    }
    const double asked = static_cast<double>(size.width) / size.height;
    if (std::abs(std::log(asked / aspect)) > 0.01) {
        invalid("the init image is " + size_text(picture.width, picture.height) +
                " but the job asks for " + size_text(size.width, size.height) +
                ", another aspect ratio: give a size of the picture's aspect ratio, or leave "
                "the size out to use the picture's own");
    }
    if (!request.resolution_binning) {
        auto round = [multiple](int side) {
            return std::max(multiple, (side + multiple / 2) / multiple * multiple);
        };
        size.width = round(size.width);
        size.height = round(size.height);
    }
    return size;
}

}  // namespace

PixArtSigmaPipeline::PixArtSigmaPipeline(ModelComponents& components)
    : components_(components), prompt_encoder_(components) {}

ResolvedSize PixArtSigmaPipeline::check_inputs(const GenerationRequest& request) const {
    check_request(request);  // everything that does not depend on the model
    const auto& tc = components_.transformer_config();
    const int scale = components_.vae_config().scale_factor();
    ResolvedSize size;
    // diffusers: height = height or sample_size * vae_scale_factor.
    size.width = request.width > 0 ? request.width : tc.sample_size * scale;
    size.height = request.height > 0 ? request.height : tc.sample_size * scale;
    const int multiple = scale * tc.patch_size;
    if (request.init_image) size = init_image_size(request, multiple);
    if (size.width > kMaxImageSide || size.height > kMaxImageSide) {
        invalid("image size " + std::to_string(size.width) + "x" + std::to_string(size.height) +
                " is impossible (each side 1.." + std::to_string(kMaxImageSide) + " px)");
    }
    size.generated_width = size.width;
    size.generated_height = size.height;
    if (request.resolution_binning) {
        const auto bin = nearest_aspect_ratio_bin(tc.sample_size, size.height, size.width);
        size.generated_width = bin.width;
        size.generated_height = bin.height;
    }
    if (size.generated_width % scale != 0 || size.generated_height % scale != 0) {
        invalid("height and width have to be divisible by " + std::to_string(scale) + " but are " +
                std::to_string(size.generated_height) + " and " +
                std::to_string(size.generated_width));
    }
    if (size.generated_width % multiple != 0 || size.generated_height % multiple != 0) {
        invalid("height and width have to be divisible by " + std::to_string(multiple) +
                " (VAE factor × patch size) but are " + std::to_string(size.generated_height) +
                " and " + std::to_string(size.generated_width));
    }
    return size;
}

MemoryPlan PixArtSigmaPipeline::plan(const GenerationRequest& request, bool exact_text_encoding) {
    const ResolvedSize size = check_inputs(request);
    const auto& options = components_.options();
    const bool exact = options.exact_text_encoding || exact_text_encoding;
    std::vector<std::string> texts = request.prompts;
    if (request.guidance_scale > 1.0) texts.push_back(request.negative_prompt);
    const bool needs_t5 = prompt_encoder_.needs_text_encoder(texts, request.clean_caption,
                                                             request.max_sequence_length, exact);
    return plan_memory(generation_memory_demand(components_, request, size, needs_t5),
                       options.memory_policy, memory_budget(options.memory_limit_bytes));
}

torch::Tensor PixArtSigmaPipeline::run(const GenerationRequest& request,
                                       const GenerationCallbacks& callbacks,
                                       const CancelToken* cancel, GenerationTrace* trace) {
    torch::NoGradGuard no_grad;
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    auto stage = [&](Stage s) {
        if (callbacks.on_stage) callbacks.on_stage(s);
    };
    const auto& options = components_.options();

    // 1. Check inputs (resolution binning picks the size the transformer runs at).
    const ResolvedSize size = check_inputs(request);
    const bool do_cfg = request.guidance_scale > 1.0;
    const auto batch = static_cast<std::int64_t>(request.prompts.size());
    const std::int64_t images = batch * request.images_per_prompt;
    check_cancel(cancel);

    // Memory: the plan for this job, before anything large is loaded; refused when it cannot fit.
    const bool exact_text =
        options.exact_text_encoding || (trace != nullptr && trace->exact_text_encoding);
    const MemoryPlan memory = plan(request, exact_text);
    if (!memory.fits) throw Error(ErrorKind::OutOfMemory, memory.refusal());
    if (callbacks.on_plan) callbacks.on_plan(plan_info(memory));
    const bool low_memory = memory.low_memory;
    const TiledDecodeOptions tiles =
        low_memory ? PipelineOptions::low_memory_tiles() : options.tiled_decode;

    // 2. Encode the prompts, and the negative prompt (one copy per prompt) for CFG.
    // One call for both, so a streamed T5 reads its weights once for the prompts and the
    // negative prompt; each text is still encoded alone.
    std::vector<std::string> texts = request.prompts;
    if (do_cfg) texts.insert(texts.end(), static_cast<std::size_t>(batch), request.negative_prompt);
    // Only a resident T5's load reads weights through bind_state_dict.
    const EncodedPrompts encoded = reporting_load(callbacks, Stage::LoadingTextEncoder, [&] {
        return prompt_encoder_.encode(texts, request.clean_caption, request.max_sequence_length,
                                      exact_text, memory.text_encoder, stage);
    });
    // diffusers repeats embeddings per prompt (p0 p0 p1 p1 …) but the mask per batch (m0 m1 m0 m1
    // …); kept as is so batches of several prompts × several images match diffusers exactly.
    auto prompt_embeds =
        encoded.embeds.narrow(0, 0, batch).repeat_interleave(request.images_per_prompt, 0);
    auto prompt_mask = encoded.mask.narrow(0, 0, batch).repeat({request.images_per_prompt, 1});
    if (do_cfg) {
        const auto negative_embeds = encoded.embeds.narrow(0, batch, batch);
        const auto negative_mask = encoded.mask.narrow(0, batch, batch);
        // [negative; positive]: the unconditional half comes FIRST.
        prompt_embeds = torch::cat(
            {negative_embeds.repeat_interleave(request.images_per_prompt, 0), prompt_embeds}, 0);
        prompt_mask =
            torch::cat({negative_mask.repeat({request.images_per_prompt, 1}), prompt_mask}, 0);
    }
    // A streamed T5 holds no weights, but its scratch buffers go too; a resident one stays only
    // when the plan keeps it.
    if (components_.text_encoder_loaded() && !memory.keep_text_encoder) {
        components_.release_text_encoder();
        process_memory::return_free_memory();
    }
    if ((options.release_vae_while_denoising || low_memory) && components_.vae_loaded()) {
        components_.release_vae();
        process_memory::return_free_memory();
    }
    check_cancel(cancel);

    // 3. Timesteps; image-to-image runs the last strength x steps of them (diffusers'
    // get_timesteps: t_start = N - int(N * strength), the scheduler begins there).
    auto scheduler = make_scheduler(request.sampler, components_.scheduler_config());
    scheduler->set_timesteps(request.steps);
    const auto& timesteps = scheduler->timesteps();
    const bool img2img = request.init_image != nullptr;
    std::size_t first_step = 0;
    if (img2img) {
        first_step = static_cast<std::size_t>(request.steps -
                                              img2img_steps_run(request.steps, request.strength));
        if (first_step >= timesteps.size()) {
            invalid("strength " + std::to_string(request.strength) + " leaves no step of " +
                    std::to_string(timesteps.size()) + " to run");
        }
        scheduler->set_begin_index(static_cast<std::int64_t>(first_step));
    }

    // 4. Initial latents: ONE draw for the whole batch from a CPU generator, like diffusers.
    const int scale = components_.vae_config().scale_factor();
    const auto& tc = components_.transformer_config();
    // Regenerating part of an earlier batch: draw that batch's noise, keep this request's slice.
    const std::int64_t drawn = request.noise_batch_size > 0 ? request.noise_batch_size : images;
    const std::vector<std::int64_t> noise_shape{
        drawn, tc.in_channels, size.generated_height / scale, size.generated_width / scale};
    at::Generator generator = noise_generator(request.seed);
    auto draw_batch_noise = [&generator, noise_shape, drawn, images, &request] {
        torch::Tensor noise = initial_noise(noise_shape, generator);
        if (drawn != images) noise = noise.narrow(0, request.noise_batch_index, images);
        return noise.contiguous();
    };
    torch::Tensor latents;
    torch::Tensor clean_latents;  // image-to-image: the picture's latents before noising
    if (img2img) {
        // StableDiffusionImg2ImgPipeline.prepare_latents: the posterior sampled with draw 0 (the
        // picture once, repeated over the batch), then draw 1 noises the batch to the first
        // step's level.
        stage(Stage::EncodingImage);
        const torch::Tensor pixels = init_image_pixels(request.init_image->pixels,
                                                       size.generated_width, size.generated_height);
        const LatentPosterior posterior = reporting_load(callbacks, Stage::EncodingImage, [&] {
            return components_.image_encoder()->encode(pixels);
        });
        components_.release_image_encoder();
        process_memory::return_free_memory();
        const torch::Tensor sample_noise =
            initial_noise(posterior.mean.sizes().vec(), generator).to(posterior.mean.device());
        clean_latents = (posterior.sample(sample_noise) * components_.vae_config().scaling_factor)
                            .to(torch::kCPU, torch::kFloat32)
                            .repeat({images, 1, 1, 1});
        latents = scheduler->add_noise(clean_latents, draw_batch_noise());
        check_cancel(cancel);
    } else {
        latents = draw_batch_noise() * scheduler->init_noise_sigma();
    }
    // Stochastic samplers go on drawing from the same generator, a whole batch's noise each step
    // (the CFG-combined, un-doubled batch), sliced like the initial noise for a regenerated image.
    scheduler->set_noise_source([draw_batch_noise, &options] {
        return draw_batch_noise().to(options.device, torch::kFloat32);
    });
    if (trace) {
        trace->init_latents = img2img ? clean_latents.clone() : latents.clone();
        if (img2img) trace->noised_latents = latents.clone();
        trace->prompt_embeds = prompt_embeds.to(torch::kCPU, torch::kFloat32);
        trace->prompt_attention_mask = prompt_mask.to(torch::kCPU);
        std::vector<torch::Tensor> model_timesteps;
        for (std::size_t i = first_step; i < timesteps.size(); ++i)
            model_timesteps.push_back(scheduler->model_timestep(i));
        trace->timesteps = torch::stack(model_timesteps);
        trace->step_latents.clear();
    }
    latents = latents.to(options.device, options.dtype);

    // 5. Denoising loop.
    if (!components_.transformer_loaded()) stage(Stage::LoadingTransformer);
    auto& transformer = reporting_load(
        callbacks, Stage::LoadingTransformer, [&]() -> auto& { return components_.transformer(); });
    components_.apply_loras(request.loras);  // the job's LoRAs, or the base weights again
    stage(Stage::Denoising);
    // Everything that depends on the text alone (caption projection, every block's cross-attention
    // keys and values) once per generation; text tokens padded in every row are left out (their
    // -10000 bias gives them exactly zero attention weight).
    const TextConditioning text = transformer->prepare_text(prompt_embeds, prompt_mask);
    prompt_embeds = torch::Tensor();
    prompt_mask = torch::Tensor();
    const int total = static_cast<int>(timesteps.size());
    const int first = static_cast<int>(first_step);
    // Every step allocates the same large temporaries: kept and reused for the loop (no page
    // churn, memory/cpu_buffer_cache.h), freed when it ends — also when a step throws or is
    // cancelled (the scope unwinds).
    std::optional<memory::CpuBufferCache::Reuse> reuse_step_buffers;
    reuse_step_buffers.emplace();
    for (int i = first; i < total; ++i) {
        check_cancel(cancel);
        const std::int64_t t = timesteps[static_cast<std::size_t>(i)];
        const auto model_input = scheduler->scale_model_input(
            do_cfg ? torch::cat({latents, latents}, 0) : latents, static_cast<std::size_t>(i));
        const auto timestep = scheduler->model_timestep(static_cast<std::size_t>(i))
                                  .to(options.device)
                                  .expand({model_input.size(0)})
                                  .contiguous();
        auto noise_pred = transformer->forward(model_input, text, timestep);
        if (do_cfg) {
            auto halves = noise_pred.chunk(2, 0);
            noise_pred = halves[0] + request.guidance_scale * (halves[1] - halves[0]);
        }
        // Learned sigma: only the first in_channels outputs are epsilon.
        if (tc.out_channels / 2 == tc.in_channels) noise_pred = noise_pred.chunk(2, 1)[0];
        latents = scheduler->step(noise_pred, t, latents);
        if (trace) trace->step_latents.push_back(latents.to(torch::kCPU, torch::kFloat32));

        const StepProgress progress{i + 1 - first, total - first, elapsed()};
        if (callbacks.on_step) callbacks.on_step(progress);
        if (callbacks.on_preview && options.preview_interval > 0 &&
            ((i + 1 - first) % options.preview_interval == 0 || i + 1 == total)) {
            callbacks.on_preview(progress,
                                 latent_to_preview(scheduler->predicted_original_sample()[0]));
        }
    }
    reuse_step_buffers.reset();
    if (trace) trace->final_latents = latents.to(torch::kCPU, torch::kFloat32);
    check_cancel(cancel);

    // 6. Decode, undo the binning (resize + centre crop to the asked size), postprocess.
    if (options.release_transformer_before_decoding || memory.release_transformer_for_decode) {
        components_.release_transformer();
        process_memory::return_free_memory();
    }
    if (!components_.vae_loaded()) stage(Stage::LoadingVae);
    auto& vae = reporting_load(
        callbacks, Stage::LoadingVae, [&]() -> auto& { return components_.vae(); });
    stage(Stage::Decoding);
    const auto z = (latents / components_.vae_config().scaling_factor).to(options.vae_dtype);
    auto bands = options.banded_decode;
    bands.resident_activation_bytes = banded_decode_resident_bytes(components_, size, memory);
    bands.before_band = [&callbacks, cancel](std::int64_t bands_done, std::int64_t bands_total) {
        check_cancel(cancel);
        if (callbacks.on_decode) callbacks.on_decode(DecodeProgress{bands_done, bands_total});
    };
    auto image = decode_latents(*vae, z, tiles, bands).to(torch::kCPU, torch::kFloat32);
    if (torch::isnan(image).any().item<bool>()) {
        throw Error(ErrorKind::Internal,
                    "the VAE produced NaN values (numeric overflow); run the VAE in float32");
    }
    if (request.resolution_binning) image = resize_and_crop(image, size.width, size.height);
    image = (image / 2 + 0.5).clamp(0, 1);
    if (trace) trace->image = image;
    return image;
}

}  // namespace pixart
