#include "batch_job.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "api/errors.h"
#include "api/generation_metadata.h"
#include "lora_options.h"

namespace pixart::cli {
namespace {

using nlohmann::json;

constexpr int kMaxReportedErrors = 20;
// A jobs file (or stdin) is read up to these limits: a line without an end, or an endless
// stream (/dev/zero), cannot make the process grow without bound.
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxJobsBytes = std::size_t{64} << 20;

// A problem in one job, reported with its line.
struct JobError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string get_string(const json& value, const char* key) {
    if (!value.is_string()) throw JobError(std::string(key) + " must be a string");
    return value.get<std::string>();
}

long long get_integer(const json& value, const char* key, long long min, long long max) {
    // is_number_integer() holds for unsigned numbers too.
    if (!value.is_number_integer()) throw JobError(std::string(key) + " must be a whole number");
    // An unsigned number above max may not fit a long long: compare it unsigned.
    const bool too_big =
        value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max);
    const long long v = too_big ? max : value.get<long long>();
    if (too_big || v < min || v > max)
        throw JobError(std::string(key) + " must be between " + std::to_string(min) + " and " +
                       std::to_string(max));
    return v;
}

double get_number(const json& value, const char* key, double min, double max) {
    if (!value.is_number()) throw JobError(std::string(key) + " must be a number");
    const double v = value.get<double>();
    if (!(v >= min && v <= max))
        throw JobError(std::string(key) + " must be between " + std::to_string(min) + " and " +
                       std::to_string(max));
    return v;
}

bool get_bool(const json& value, const char* key) {
    if (!value.is_boolean()) throw JobError(std::string(key) + " must be true or false");
    return value.get<bool>();
}

std::uint64_t get_seed(const json& value) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<long long>() >= 0)
        return static_cast<std::uint64_t>(value.get<long long>());
    throw JobError("seed must be a whole number from 0 to 18446744073709551615");
}

// Refused here, before any model loads, rather than when the job's turn comes.
void check_prompt_length(const std::string& text, const char* key) {
    if (text.size() > kMaxPromptBytes)
        throw JobError(std::string(key) + " is " + std::to_string(text.size()) +
                       " bytes; at most " + std::to_string(kMaxPromptBytes) +
                       " (only the first 300 tokens are used)");
}

std::vector<std::string> get_prompts(const json& value) {
    std::vector<std::string> prompts;
    if (value.is_string()) {
        prompts.push_back(value.get<std::string>());
    } else if (value.is_array() && !value.empty()) {
        for (const json& p : value) {
            if (!p.is_string()) throw JobError("prompt: every entry of the list must be a string");
            prompts.push_back(p.get<std::string>());
        }
    } else {
        throw JobError("prompt must be a string or a non-empty list of strings");
    }
    for (const auto& p : prompts) check_prompt_length(p, "prompt");
    return prompts;
}

std::string file_name_safe(const std::string& name) {
    std::string out;
    for (char c : name) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        out += safe ? c : '_';
        if (out.size() == 64) break;
    }
    if (!out.empty() && out.front() == '.') out.front() = '_';  // never a hidden file
    return out;
}

// The request's model-independent checks (check_request), as this line's error.
void check_job_request(const GenerationRequest& request) {
    try {
        check_request(request);
    } catch (const Error& e) {
        throw JobError(e.what());
    }
}

BatchJob parse_job(const std::string& text, const GenerationRequest& defaults) {
    json object;
    try {
        object = json::parse(text);
    } catch (const json::exception&) {
        throw JobError("not valid JSON");
    }
    if (!object.is_object()) throw JobError("a job must be a JSON object");

    BatchJob job;
    if (const auto format = object.find("format"); format != object.end()) {
        if (!format->is_string() || *format != "pixart-studio")
            throw JobError("format must be \"pixart-studio\" (our metadata JSON), got " +
                           format->dump());
        // Our own metadata, e.g. copied out of an image: the request that makes it again.
        const auto metadata = parse_pixart_json(text);
        if (!metadata || !object.contains("prompt") || !object["prompt"].is_string())
            throw JobError("a pixart-studio metadata object without a prompt");
        if (metadata->batch_size > 1 &&
            (metadata->batch_index < 0 || metadata->batch_index >= metadata->batch_size))
            throw JobError("batch_index " + std::to_string(metadata->batch_index) +
                           " is outside its batch of " + std::to_string(metadata->batch_size));
        job.request = request_from_metadata(*metadata);
        check_job_request(job.request);
        return job;
    }

    job.request = defaults;
    bool has_prompt = false;
    bool has_strength = false;
    for (const auto& [key, value] : object.items()) {
        GenerationRequest& r = job.request;
        if (key == "prompt") {
            r.prompts = get_prompts(value);
            has_prompt = true;
        } else if (key == "negative_prompt") {
            r.negative_prompt = get_string(value, "negative_prompt");
            check_prompt_length(r.negative_prompt, "negative_prompt");
        } else if (key == "seed") {
            r.seed = get_seed(value);
        } else if (key == "steps") {
            r.steps = static_cast<int>(get_integer(value, "steps", 1, 1000));
        } else if (key == "guidance_scale" || key == "guidance") {
            r.guidance_scale = get_number(value, key.c_str(), 0.0, 100.0);
        } else if (key == "width") {
            r.width = static_cast<int>(get_integer(value, "width", 0, 8192));
        } else if (key == "height") {
            r.height = static_cast<int>(get_integer(value, "height", 0, 8192));
        } else if (key == "resolution_binning") {
            r.resolution_binning = get_bool(value, "resolution_binning");
        } else if (key == "images_per_prompt") {
            r.images_per_prompt = static_cast<int>(get_integer(value, "images_per_prompt", 1, 64));
        } else if (key == "clean_caption") {
            r.clean_caption = get_bool(value, "clean_caption");
        } else if (key == "max_sequence_length") {
            r.max_sequence_length =
                static_cast<int>(get_integer(value, "max_sequence_length", 1, 300));
        } else if (key == "sampler") {
            r.sampler = get_string(value, "sampler");
        } else if (key == "init_image") {
            job.init_image = get_string(value, "init_image");
            if (job.init_image.empty()) throw JobError("init_image must name a file");
        } else if (key == "loras") {
            if (!value.is_array()) throw JobError("loras must be a list of \"FILE[:STRENGTH]\"");
            r.loras.clear();  // the job's own list replaces --lora
            for (const auto& item : value) {
                if (!item.is_string())
                    throw JobError("loras must be a list of \"FILE[:STRENGTH]\"");
                try {
                    r.loras.push_back(parse_lora(item.get<std::string>(), "lora"));
                } catch (const Error& e) {
                    throw JobError(e.what());
                }
            }
        } else if (key == "strength") {
            r.strength = get_number(value, "strength", 0.0, 1.0);
            has_strength = true;
        } else if (key == "name") {
            job.name = file_name_safe(get_string(value, "name"));
        } else {
            throw JobError("unknown key '" + key +
                           "' (known: prompt, negative_prompt, seed, steps, guidance_scale, "
                           "width, height, resolution_binning, images_per_prompt, "
                           "clean_caption, max_sequence_length, sampler, init_image, strength, "
                           "loras, name)");
        }
    }
    if (!has_prompt) throw JobError("no prompt");
    if (has_strength && job.init_image.empty()) throw JobError("strength needs an init_image");
    if (!job.init_image.empty()) {
        try {
            check_strength(job.request.steps, job.request.strength);
        } catch (const Error& e) {
            throw JobError(e.what());
        }
    }
    check_job_request(job.request);
    return job;
}

}  // namespace

std::vector<BatchJob> read_batch_jobs(std::istream& in, const std::string& source,
                                      const GenerationRequest& defaults) {
    std::vector<BatchJob> jobs;
    std::string errors;
    int error_count = 0;
    std::string text;
    std::size_t total = 0;
    bool too_long = false;
    auto next_line = [&]() {
        // std::getline, but keeping at most kMaxLineBytes of a line (the rest is skipped).
        text.clear();
        too_long = false;
        bool any = false;
        for (char c; in.get(c);) {
            any = true;
            if (++total > kMaxJobsBytes)
                throw Error(ErrorKind::InvalidArgument,
                            source + ": more than " + std::to_string(kMaxJobsBytes >> 20) +
                                " MiB of jobs; split it into several files");
            if (c == '\n') return true;
            if (text.size() < kMaxLineBytes)
                text += c;
            else
                too_long = true;
        }
        return any;
    };
    for (int line = 1; next_line(); ++line) {
        if (too_long) {
            if (++error_count <= kMaxReportedErrors)
                errors += "\n  " + source + " line " + std::to_string(line) + ": longer than " +
                          std::to_string(kMaxLineBytes >> 20) + " MiB";
            continue;
        }
        const auto first = text.find_first_not_of(" \t\r");
        if (first == std::string::npos || text[first] == '#') continue;
        try {
            BatchJob job = parse_job(text, defaults);
            job.line = line;
            jobs.push_back(std::move(job));
        } catch (const JobError& e) {
            if (++error_count <= kMaxReportedErrors)
                errors += "\n  " + source + " line " + std::to_string(line) + ": " + e.what();
        }
    }
    if (in.bad()) throw Error(ErrorKind::Io, source + ": cannot be read");
    if (error_count > 0) {
        if (error_count > kMaxReportedErrors)
            errors += "\n  … and " + std::to_string(error_count - kMaxReportedErrors) + " more";
        throw Error(ErrorKind::InvalidArgument,
                    std::to_string(error_count) + " bad job(s), nothing was generated:" + errors);
    }
    if (jobs.empty()) throw Error(ErrorKind::InvalidArgument, source + ": no jobs");
    return jobs;
}

}  // namespace pixart::cli
