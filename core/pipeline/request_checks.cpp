// check_request (api/generation_request.h): the model-independent checks of a request.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "api/errors.h"
#include "api/generation_request.h"

namespace pixart {
namespace {

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorKind::InvalidArgument, message);
}

// 0.6 as "0.6", not std::to_string's "0.600000".
std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

}  // namespace

void check_request(const GenerationRequest& request) {
    if (request.prompts.empty()) invalid("at least one prompt is needed (it may be empty text)");
    for (std::size_t i = 0; i < request.prompts.size(); ++i) {
        if (request.prompts[i].size() > kMaxPromptBytes) {
            invalid("prompt " + std::to_string(i + 1) + " is " +
                    std::to_string(request.prompts[i].size()) + " bytes; at most " +
                    std::to_string(kMaxPromptBytes) + " (only the first 300 tokens are used)");
        }
    }
    // A NUL ends a C string and a PNG text chunk: it cannot be written into the image's metadata.
    for (std::size_t i = 0; i < request.prompts.size(); ++i) {
        if (request.prompts[i].find('\0') != std::string::npos)
            invalid("prompt " + std::to_string(i + 1) + " contains a NUL character");
    }
    if (request.negative_prompt.find('\0') != std::string::npos)
        invalid("the negative prompt contains a NUL character");
    if (request.negative_prompt.size() > kMaxPromptBytes) {
        invalid("the negative prompt is " + std::to_string(request.negative_prompt.size()) +
                " bytes; at most " + std::to_string(kMaxPromptBytes));
    }
    if (request.steps < 1 || request.steps > 1000) {
        invalid("steps must be between 1 and 1000, got " + std::to_string(request.steps));
    }
    if (!std::isfinite(request.guidance_scale) || request.guidance_scale < 0.0 ||
        request.guidance_scale > 100.0) {
        invalid("guidance scale must be between 0 and 100, got " +
                std::to_string(request.guidance_scale));
    }
    if (request.images_per_prompt < 1 || request.images_per_prompt > 64) {
        invalid("images per prompt must be between 1 and 64, got " +
                std::to_string(request.images_per_prompt));
    }
    if (request.noise_batch_size != 0) {
        const long long images =
            static_cast<long long>(request.prompts.size()) * request.images_per_prompt;
        if (request.noise_batch_size < 1 || request.noise_batch_size > kMaxNoiseBatch ||
            request.noise_batch_index < 0 ||
            request.noise_batch_index + images > request.noise_batch_size) {
            invalid("noise batch: images " + std::to_string(request.noise_batch_index) + ".." +
                    std::to_string(request.noise_batch_index + images - 1) +
                    " are not in a batch of " + std::to_string(request.noise_batch_size) + " (1.." +
                    std::to_string(kMaxNoiseBatch) + ")");
        }
    }
    if (request.max_sequence_length < 1 || request.max_sequence_length > 1024) {
        invalid("max sequence length must be between 1 and 1024, got " +
                std::to_string(request.max_sequence_length));
    }
    if (request.width < 0 || request.height < 0 || request.width > kMaxImageSide ||
        request.height > kMaxImageSide) {
        invalid("image size " + std::to_string(request.width) + "x" +
                std::to_string(request.height) + " is impossible (each side 1.." +
                std::to_string(kMaxImageSide) + " px)");
    }
    if (request.loras.size() > static_cast<std::size_t>(kMaxLoras)) {
        invalid(std::to_string(request.loras.size()) + " LoRAs; at most " +
                std::to_string(kMaxLoras));
    }
    for (const auto& lora : request.loras) {
        if (lora.path.empty()) invalid("a LoRA without a file");
        if (!std::isfinite(lora.strength) || std::abs(lora.strength) > 100.0) {
            invalid("LoRA " + lora.path + ": strength must be between -100 and 100, got " +
                    number_text(lora.strength));
        }
    }
    if (request.init_image) {
        const Image& pixels = request.init_image->pixels;
        if (pixels.empty() || pixels.width > kMaxImageSide || pixels.height > kMaxImageSide ||
            pixels.pixels.size() != static_cast<std::size_t>(pixels.width) * pixels.height * 3) {
            invalid("the init image is " + std::to_string(pixels.width) + "x" +
                    std::to_string(pixels.height) + " px; it must be 1.." +
                    std::to_string(kMaxImageSide) + " px a side");
        }
        check_strength(request.steps, request.strength);
    }
}

void check_strength(int steps, double strength) {
    if (!std::isfinite(strength) || strength <= 0.0 || strength > 1.0)
        invalid("strength must be above 0 and at most 1, got " + number_text(strength));
    if (img2img_steps_run(steps, strength) < 1) {
        invalid("strength " + number_text(strength) + " of " + std::to_string(steps) +
                " steps runs no step: raise the strength or the steps");
    }
}

int img2img_steps_run(int steps, double strength) {
    const double product = static_cast<double>(steps) * strength;
    if (!(product >= 0.0)) return 0;
    return std::min(static_cast<int>(product), steps);
}

}  // namespace pixart
