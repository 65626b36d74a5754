// What an image file says about how it was made: written by the export and the library, read back
// when a user drops an image on the studio ("restore its settings").
//
//   pixart::GenerationMetadata m = pixart::metadata_for(request, 0, 0,
//   "PixArt-Sigma-XL-2-1024-MS"); std::string a1111 = pixart::to_a1111_parameters(m);  // PNG
//   "parameters" / TIFF ImageDescription std::string json = pixart::to_json(m);                //
//   PNG "pixart-studio" chunk / TIFF XMP auto restored =
//   pixart::metadata_from_text_fields({{"parameters", a1111}});
//
// Everything here is plain string work (no OpenImageIO): the CLI's generate uses it without the
// imaging library. All functions are thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/generation_request.h"

namespace pixart {

// Which writer produced the metadata a parser found.
enum class MetadataSource { PixArtStudio, A1111, ComfyUI, InvokeAI };
const char* metadata_source_name(MetadataSource source) noexcept;

struct GenerationMetadata {
    std::string prompt;
    std::string negative_prompt;
    std::uint64_t seed = 0;
    int steps = 20;
    double guidance_scale = 4.5;
    std::string sampler = "dpm++2m";  // our sampler id (GenerationRequest::sampler)
    int width = 0;                    // of the image the pipeline returned (after binning back)
    int height = 0;
    std::string model;  // model name, e.g. "PixArt-Sigma-XL-2-1024-MS"
    bool resolution_binning = true;
    bool clean_caption = false;
    int max_sequence_length = 300;
    // The initial noise of a batch is drawn in one call: image i needs the batch size and its
    // position in it to be regenerated bit for bit.
    int images_per_prompt = 1;
    int batch_size = 1;       // prompts × images_per_prompt of the generation
    int batch_index = 0;      // this image's position in that batch (prompt-major)
    std::string rng = "CPU";  // where the initial noise was drawn (diffusers: a CPU generator)
    // Image-to-image: the starting picture's file and SHA-256, and the strength; strength 0 =
    // text-to-image. A1111: "Denoising strength", "Init image", "Init image hash".
    double strength = 0.0;
    std::string init_image;
    std::string init_image_sha256;
    // LoRAs (path, strength, SHA-256). A1111: "<lora:name:strength>" after the prompt and
    // "Lora hashes" (civitai's AutoV2: the first 10 hex digits of the SHA-256); read back from
    // A1111 text the path is the name alone.
    std::vector<LoraSpec> loras;
    double duration_seconds = 0.0;  // 0 = unknown
    std::string created;            // ISO 8601 UTC, "" = unknown
    std::string software;           // e.g. "PixArt Studio 0.1.0"
    // A1111 keys other tools wrote that we have no field for (kept, written back after ours).
    std::map<std::string, std::string> extra;
    MetadataSource source = MetadataSource::PixArtStudio;  // set by the parsers
};

// The text-chunk keys we write (PNG) and read.
inline constexpr const char* kA1111ParametersKey = "parameters";
inline constexpr const char* kPixArtMetadataKey = "pixart-studio";

// A1111 infotext:
//   {prompt}
//   Negative prompt: {negative}            <- only when non-empty
//   Steps: 20, Sampler: DPM++ 2M, CFG scale: 4.5, Seed: 42, Size: 1024x1024, Model: …, RNG: CPU
// Keys joined by ", "; a value containing ',', ':' or a newline is written as a JSON string.
// Non-default settings A1111 has no key for follow RNG ("Batch size", "Batch pos", "Clean caption",
// "Resolution binning", "Max sequence length"), then `extra`.
std::string to_a1111_parameters(const GenerationMetadata& metadata);

// Parses A1111 infotext as A1111 does (the last line holds the parameters when it has >= 3
// "key: value" pairs). Returns nullopt for text without any recognisable parameter.
std::optional<GenerationMetadata> parse_a1111_parameters(const std::string& text);

// Our own complete JSON ({"format": "pixart-studio", "version": 1, …}); every field above.
std::string to_json(const GenerationMetadata& metadata);
std::optional<GenerationMetadata> parse_pixart_json(const std::string& json);

// ComfyUI's "prompt" chunk (API graph: node id → {class_type, inputs}) and "workflow" chunk (UI
// graph: nodes + links). Follows the sampler node's positive/negative/latent/model inputs.
std::optional<GenerationMetadata> parse_comfyui_prompt(const std::string& json);
std::optional<GenerationMetadata> parse_comfyui_workflow(const std::string& json);

// InvokeAI's "invokeai_metadata" chunk (3.x/4.x) or the older "sd-metadata" chunk (2.x).
std::optional<GenerationMetadata> parse_invokeai_metadata(const std::string& json);

// The best reading of an image's text fields (PNG text chunks, TIFF ImageDescription, JPEG
// comment): ours, then A1111 "parameters" (or an A1111-looking description/comment), InvokeAI,
// ComfyUI prompt, ComfyUI workflow. Malformed fields are skipped, never thrown.
std::optional<GenerationMetadata> metadata_from_text_fields(
    const std::map<std::string, std::string>& fields);

// A LoRA's name in prompts and metadata: its file name without the extension.
std::string lora_name(const std::string& path);
// civitai's AutoV2 short hash: the first 10 hex digits of the SHA-256 ("" without one).
std::string lora_autov2(const std::string& sha256);

// Sampler ids ↔ the names other tools use ("dpm++2m" ↔ "DPM++ 2M" ↔ ComfyUI "dpmpp_2m").
// Unknown names pass through unchanged.
std::string sampler_display_name(const std::string& sampler_id);
std::string sampler_id_from_name(const std::string& name);
// The sampler a name plus a schedule field means (ComfyUI's scheduler, A1111's "Schedule type"):
// "dpm++2m" with "karras" is "dpm++2m_karras"; anything else is the sampler unchanged.
std::string sampler_id_with_schedule(const std::string& sampler_id, const std::string& schedule);

// The metadata of one image of a generation: request + which image + model.
GenerationMetadata metadata_for(const GenerationRequest& request, int prompt_index, int image_index,
                                const std::string& model);

// The request that regenerates exactly this image: one prompt, one image, and for an image of a
// larger batch noise_batch_size/index, so its noise is drawn as it was in that batch. The
// strength of an image-to-image job is restored, its picture is not (it is a file: see
// attach_init_image in api/image_export.h).
GenerationRequest request_from_metadata(const GenerationMetadata& metadata);

}  // namespace pixart
