#include "batch_images.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "api/generation_metadata.h"

namespace pixart::cli {

std::vector<BatchImage> expand_batch_jobs(const std::vector<BatchJob>& jobs) {
    std::vector<BatchImage> images;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        const BatchJob& job = jobs[j];
        const GenerationRequest& request = job.request;
        const long long count =
            static_cast<long long>(request.prompts.size()) * request.images_per_prompt;
        // A job that is itself one image of an earlier batch keeps that batch's draw.
        const long long noise_batch =
            request.noise_batch_size > 0 ? request.noise_batch_size : (count > 1 ? count : 0);
        if (count > kMaxNoiseBatch || request.noise_batch_index + count > kMaxNoiseBatch) {
            throw Error(ErrorKind::InvalidArgument,
                        "line " + std::to_string(job.line) + ": " + std::to_string(count) +
                            " images in one job; at most " + std::to_string(kMaxNoiseBatch) +
                            " (split it over several lines)");
        }
        char number[24];
        std::snprintf(number, sizeof number, "%04zu", j + 1);
        std::string stem = number;
        if (!job.name.empty()) stem += "-" + job.name;
        stem += "-seed" + std::to_string(request.seed);

        for (int i = 0; i < count; ++i) {
            BatchImage image;
            image.job = j;
            image.index = i;
            image.count = static_cast<int>(count);
            image.images_per_prompt = request.images_per_prompt;
            image.request = request;
            image.request.prompts = {request.prompts[i / request.images_per_prompt]};
            image.request.images_per_prompt = 1;
            image.request.noise_batch_size = static_cast<int>(noise_batch);
            image.request.noise_batch_index = noise_batch > 0 ? request.noise_batch_index + i : 0;
            image.file_stem = count > 1 ? stem + "_" + std::to_string(i) : stem;
            images.push_back(std::move(image));
        }
    }
    return images;
}

std::string batch_image_key(const BatchImage& image, const BatchJob& job, const std::string& model,
                            const std::string& out_file, bool library) {
    GenerationMetadata m = metadata_for(image.request, 0, 0, model);
    m.images_per_prompt = image.images_per_prompt;
    nlohmann::json settings = nlohmann::json::parse(to_json(m));
    for (const char* varying : {"created", "software", "duration_seconds"}) settings.erase(varying);
    if (!job.init_image.empty()) {
        settings["init_image"] = job.init_image;
        settings["strength"] = image.request.strength;
    }
    const nlohmann::json key = {{"settings", settings},
                                {"image", image.file_stem},
                                {"file", out_file},
                                {"library", library}};
    return key.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace pixart::cli
