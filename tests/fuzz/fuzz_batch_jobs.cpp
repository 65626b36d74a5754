// A `pixart-cli batch` jobs file: every line is read and checked before a model loads, with
// errors naming the line; nothing but pixart::Error may escape, and every job it accepts passes
// the same request checks the engine runs.
#include "fuzz_support.h"

#include "api/generation_request.h"
#include "batch_job.h"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    pixart::fuzz::expect_clear_error("batch jobs", [&] {
        std::istringstream in(text);
        const auto jobs = pixart::cli::read_batch_jobs(in, "jobs.jsonl", pixart::GenerationRequest{});
        for (const auto& job : jobs) pixart::check_request(job.request);
    });
    return 0;
}
