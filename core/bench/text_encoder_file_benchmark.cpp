// `pixart-cli bench --text-encoder --model DIR`: T5 from a folder's files, as the engine holds
// it — resident (every weight copied into memory) vs streamed (block by block from the mapped
// files) — on a real tokenized prompt: seconds, bytes read (from disk when --cold), peak RSS of
// each, and whether the two agree to the bit.
#include <chrono>

#include "api/benchmark.h"
#include "api/errors.h"
#include "api/runtime.h"
#include "benchmark_support.h"
#include "loading/checkpoint.h"
#include "memory/process_memory.h"
#include "models/t5/streamed_t5_encoder.h"
#include "models/t5/t5_encoder.h"
#include "pipeline/engine_internals.h"
#include "text/t5_tokenizer.h"

namespace pixart {

TextEncoderFileBenchmarkResult run_text_encoder_file_benchmark(
    const TextEncoderFileBenchmarkOptions& options) {
    return guard_torch_errors([&] {
        if (options.repeats < 1 || options.repeats > 100)
            throw Error(ErrorKind::InvalidArgument, "--steps (repeats) must be 1..100");
        if (!options.resident && !options.streamed)
            throw Error(ErrorKind::InvalidArgument,
                        "nothing to time: resident and streamed are off");
        set_thread_count(options.threads);
        at::globalContext().setFlushDenormal(true);
        torch::NoGradGuard no_grad;
        TextEncoderFileBenchmarkResult result;
        result.threads = at::get_num_threads();
        const std::string dir = options.model + "/text_encoder";

        const T5Tokenizer tokenizer(options.model + "/tokenizer/spiece.model");
        const auto tokens = tokenizer.encode(options.prompt, false, 300);
        result.prompt_tokens = tokens.num_tokens;
        const auto ids = torch::tensor(tokens.input_ids, torch::kInt64).unsqueeze(0);
        const auto mask = torch::tensor(tokens.attention_mask, torch::kInt64).unsqueeze(0);

        // Streamed first, alone in memory: its peak is its own.
        torch::Tensor streamed_out;
        std::unique_ptr<StreamedT5Encoder> streamed;
        auto streamed_encode = [&] {
            if (options.cold) streamed->evict_from_page_cache();
            const long long disk = process_memory::storage_bytes_read();
            const auto bytes = streamed->bytes_read();
            const auto start = std::chrono::steady_clock::now();
            streamed_out = streamed->encode_real_tokens(ids, mask);
            const double seconds = benchmark::seconds_since(start);
            result.streamed_bytes_per_encode = streamed->bytes_read() - bytes;
            result.storage_bytes_per_encode = process_memory::storage_bytes_read() - disk;
            return seconds;
        };
        if (options.streamed) {
            process_memory::reset_peak();
            streamed = std::make_unique<StreamedT5Encoder>(dir, torch::kFloat32, torch::kCPU);
            result.layers = streamed->config().num_layers;
            result.checkpoint_bytes = streamed->checkpoint_bytes();
            streamed_encode();  // warm-up: the page cache holds the files afterwards
            if (!options.resident) {
                for (int i = 0; i < options.repeats; ++i)
                    result.streamed_seconds.push_back(streamed_encode());
            }
            result.streamed_peak_rss_mib = process_memory::peak_rss_mib();
        }
        if (options.resident) {
            process_memory::reset_peak();
            const auto start = std::chrono::steady_clock::now();
            auto resident = load_t5_encoder(dir);
            result.resident_load_seconds = benchmark::seconds_since(start);
            result.layers = resident->config().num_layers;
            result.checkpoint_bytes = Checkpoint::open_component(dir, "model").byte_size();
            auto resident_encode = [&] {
                const auto begin = std::chrono::steady_clock::now();
                auto out = resident->encode_real_tokens(ids, mask);
                return std::make_pair(benchmark::seconds_since(begin), out);
            };
            const auto reference = resident_encode().second;  // warm-up
            for (int i = 0; i < options.repeats; ++i) {
                // Interleaved, so a shared machine's load drifts over both alike.
                result.resident_seconds.push_back(resident_encode().first);
                if (options.streamed) result.streamed_seconds.push_back(streamed_encode());
            }
            result.resident_peak_rss_mib = process_memory::peak_rss_mib();
            if (options.streamed) result.bit_identical = torch::equal(streamed_out, reference);
        }
        if (!result.resident_seconds.empty())
            result.median_resident_seconds = benchmark::median(result.resident_seconds);
        if (!result.streamed_seconds.empty())
            result.median_streamed_seconds = benchmark::median(result.streamed_seconds);
        if (result.median_resident_seconds > 0 && result.median_streamed_seconds > 0)
            result.streamed_to_resident =
                result.median_streamed_seconds / result.median_resident_seconds;
        return result;
    });
}

}  // namespace pixart
