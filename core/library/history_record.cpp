#include "api/history_record.h"

#include <chrono>

#include "api/errors.h"
#include "library/utc_timestamp.h"

namespace pixart {

std::string current_utc_timestamp() {
    return library::format_utc_timestamp(std::chrono::system_clock::now());
}

HistoryRecord make_history_record(const GenerationRequest& request, std::size_t prompt_index,
                                  int image_index) {
    if (prompt_index >= request.prompts.size()) {
        throw Error(ErrorKind::InvalidArgument,
                    "history record: prompt " + std::to_string(prompt_index) +
                        " of a request with " + std::to_string(request.prompts.size()) +
                        " prompts");
    }
    if (image_index < 0 || image_index >= request.images_per_prompt) {
        throw Error(ErrorKind::InvalidArgument,
                    "history record: image " + std::to_string(image_index) + " of " +
                        std::to_string(request.images_per_prompt) + " images per prompt");
    }
    HistoryRecord record;
    record.prompt = request.prompts[prompt_index];
    record.negative_prompt = request.negative_prompt;
    record.seed = request.seed;
    record.steps = request.steps;
    record.guidance_scale = request.guidance_scale;
    record.sampler = request.sampler;
    record.width = request.width;
    record.height = request.height;
    record.clean_caption = request.clean_caption;
    record.resolution_binning = request.resolution_binning;
    record.max_sequence_length = request.max_sequence_length;
    record.images_per_prompt = request.images_per_prompt;
    // The position in the request's single noise draw (prompt-major, as diffusers repeats).
    record.batch_index = static_cast<int>(prompt_index) * request.images_per_prompt + image_index;
    return record;
}

GenerationRequest request_from_record(const HistoryRecord& record) {
    GenerationRequest request;
    request.prompts = {record.prompt};
    request.negative_prompt = record.negative_prompt;
    request.seed = record.seed;
    request.steps = record.steps;
    request.guidance_scale = record.guidance_scale;
    request.sampler = record.sampler;
    request.width = record.width;
    request.height = record.height;
    request.clean_caption = record.clean_caption;
    request.resolution_binning = record.resolution_binning;
    request.max_sequence_length = record.max_sequence_length;
    request.images_per_prompt = record.images_per_prompt;
    return request;
}

}  // namespace pixart
