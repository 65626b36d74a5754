// What to generate. Defaults are diffusers' PixArtSigmaPipeline.__call__ defaults (v0.30.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/init_image.h"

namespace pixart {

// The longest prompt (or negative prompt) accepted, in bytes of UTF-8. Only its first 300 tokens
// (a few thousand characters) reach the model; longer text costs time and memory for nothing —
// diffusers' caption cleaning is quadratic on long words (2.7 s for one 16 KiB word here).
constexpr std::size_t kMaxPromptBytes = 16 * 1024;
constexpr int kMaxImageSide = 8192;   // px: 1024x1024 latents, far beyond every trained size
constexpr int kMaxNoiseBatch = 1024;  // noise drawn for regenerating one image of a batch

// A LoRA applied to the transformer for a job: its file and strength (negative allowed).
struct LoraSpec {
    std::string path;
    double strength = 1.0;
    std::string sha256;  // of the file, for the metadata ("" = not computed)
};
constexpr int kMaxLoras = 16;

struct GenerationRequest {
    std::vector<std::string> prompts{""};  // one image set per prompt (a batch)
    std::string negative_prompt;           // used only when guidance_scale > 1 (CFG)
    std::uint64_t seed = 0;                // torch.Generator('cpu').manual_seed(seed)
    int steps = 20;
    double guidance_scale = 4.5;
    int width = 0;   // 0 = the model's native size (sample_size * 8)
    int height = 0;  // 0 = the model's native size
    bool resolution_binning = true;
    int images_per_prompt = 1;
    bool clean_caption = false;
    int max_sequence_length = 300;
    std::string sampler = "dpm++2m";  // see Engine::samplers()
    // Regenerating images of an earlier, larger batch (request_from_metadata): the initial noise
    // is drawn for that whole batch of noise_batch_size images, as it was then, and this
    // request's images take the draws from noise_batch_index on. Only that image is denoised,
    // not its whole batch. 0 = the noise of this request's own batch (diffusers).
    int noise_batch_size = 0;
    int noise_batch_index = 0;
    // Image-to-image (diffusers' StableDiffusionImg2ImgPipeline algorithm on PixArt-Sigma): the
    // picture is encoded by the VAE, noised to the timestep where the last strength x steps of
    // the schedule begin, and denoised from there. Without width/height the generation takes the
    // picture's size; a picture of another size is resized (Lanczos), one of another aspect ratio
    // is refused. null = text-to-image.
    std::shared_ptr<const InitImage> init_image;
    double strength = 0.8;  // 0 < strength <= 1 (diffusers' default 0.8); with init_image only
    // LoRAs merged into the transformer for this job (W + sum of strength x update); the next
    // job's set replaces them without reloading the transformer.
    std::vector<LoraSpec> loras;
};

// The steps an image-to-image job runs of a schedule of `steps`: min(int(steps * strength),
// steps), Python's truncation of the float product (0.6 * 12 = 7.1999… -> 7).
int img2img_steps_run(int steps, double strength);

// An image-to-image strength: above 0, at most 1, running at least one of `steps` steps. Throws
// pixart::Error(InvalidArgument) saying which (check_request makes this check too).
void check_strength(int steps, double strength);

// The checks that need no model: at least one prompt, each at most kMaxPromptBytes; steps
// 1..1000; guidance 0..100; images per prompt 1..64; a noise batch that holds the request's
// images (1..kMaxNoiseBatch); max_sequence_length 1..1024; width and height 0 (the model's
// default) or 1..kMaxImageSide. Throws pixart::Error(InvalidArgument) naming the first problem.
// Engine::generate checks these too (and what depends on the model); batch files call it up
// front, before any model loads.
void check_request(const GenerationRequest& request);

}  // namespace pixart
