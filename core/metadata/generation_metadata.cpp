// GenerationRequest ↔ GenerationMetadata: what the pipeline ran with, per image, and back.
#include <ctime>
#include <string>

#include "api/errors.h"
#include "api/generation_metadata.h"

namespace pixart {
namespace {

std::string utc_now_iso8601() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

}  // namespace

GenerationMetadata metadata_for(const GenerationRequest& request, int prompt_index, int image_index,
                                const std::string& model) {
    const int prompts = static_cast<int>(request.prompts.size());
    if (prompt_index < 0 || prompt_index >= prompts || image_index < 0 ||
        image_index >= request.images_per_prompt) {
        throw Error(ErrorKind::InvalidArgument,
                    "metadata: image " + std::to_string(image_index) + " of prompt " +
                        std::to_string(prompt_index) + " is not in the request (" +
                        std::to_string(prompts) + " prompts x " +
                        std::to_string(request.images_per_prompt) + " images)");
    }
    GenerationMetadata m;
    m.prompt = request.prompts[prompt_index];
    m.negative_prompt = request.negative_prompt;
    m.seed = request.seed;
    m.steps = request.steps;
    m.guidance_scale = request.guidance_scale;
    m.sampler = request.sampler;
    m.width = request.width;
    m.height = request.height;
    m.model = model;
    m.resolution_binning = request.resolution_binning;
    m.clean_caption = request.clean_caption;
    m.max_sequence_length = request.max_sequence_length;
    m.images_per_prompt = request.images_per_prompt;
    m.batch_size = prompts * request.images_per_prompt;
    m.batch_index = prompt_index * request.images_per_prompt + image_index;
    if (request.noise_batch_size > 0) {  // part of an earlier batch's draw: that batch counts
        m.batch_size = request.noise_batch_size;
        m.batch_index += request.noise_batch_index;
    }
    if (request.init_image) {
        m.strength = request.strength;
        m.init_image = request.init_image->path;
        m.init_image_sha256 = request.init_image->sha256;
    }
    m.loras = request.loras;
    m.created = utc_now_iso8601();
    m.software = std::string("PixArt Studio ") + PIXART_VERSION;
    return m;
}

std::string lora_name(const std::string& path) {
    const auto slash = path.find_last_of("/\\");
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
    return name;
}

std::string lora_autov2(const std::string& sha256) {
    return sha256.size() >= 10 ? sha256.substr(0, 10) : "";
}

GenerationRequest request_from_metadata(const GenerationMetadata& m) {
    GenerationRequest r;
    r.prompts = {m.prompt};
    r.negative_prompt = m.negative_prompt;
    r.seed = m.seed;
    r.steps = m.steps;
    r.guidance_scale = m.guidance_scale;
    r.sampler = m.sampler;
    r.width = m.width;
    r.height = m.height;
    r.resolution_binning = m.resolution_binning;
    r.clean_caption = m.clean_caption;
    r.max_sequence_length = m.max_sequence_length;
    if (m.strength > 0.0 && m.strength <= 1.0) r.strength = m.strength;
    r.loras = m.loras;
    // One image, with the noise it had in its batch: that batch's draw, sliced at batch_index.
    r.images_per_prompt = 1;
    if (m.batch_size > 1 && m.batch_index >= 0 && m.batch_index < m.batch_size) {
        r.noise_batch_size = m.batch_size;
        r.noise_batch_index = m.batch_index;
    }
    return r;
}

}  // namespace pixart
