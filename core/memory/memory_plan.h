// The plan one generation runs under, chosen before anything large is loaded: how the T5 encoder
// holds its weights (resident in memory, or streamed from the files block by block), and whether
// the low-memory measures apply (VAE freed while denoising, small decode tiles, transformer freed
// before decoding). The peak of each stage is estimated from the model's sizes and the job's
// shape and compared with what the process may use; a job that cannot fit is refused with the
// numbers before it loads anything, instead of being killed by the kernel half-way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "memory/memory_budget.h"

namespace pixart {

// What each part of a job takes, in bytes (estimates; weights are exact).
struct MemoryDemand {
    std::int64_t baseline = 0;        // the process without models: libraries, tokenizer, buffers
    bool text_encoder_needed = true;  // false: every prompt's embeddings come from the cache
    std::int64_t text_encoder_resident = 0;   // all T5 weights in the compute dtype
    std::int64_t text_encoder_streamed = -1;  // one block as stored (+ converted); -1: no files
    std::int64_t text_encoder_activations = 0;
    bool text_encoder_loaded = false;  // a resident T5 is in memory already (kept)
    bool transformer_loaded = false;   // from the previous job: in memory while encoding
    bool vae_loaded = false;
    std::int64_t transformer = 0;
    std::int64_t denoise_activations = 0;
    std::int64_t vae = 0;
    std::int64_t decode_activations = 0;             // the default decode (exact up to 1024²)
    std::int64_t decode_activations_low_memory = 0;  // 384-px tiles
    std::int64_t image_encoder = 0;       // image-to-image: the VAE encoder's weights (else 0)
    std::int64_t encode_activations = 0;  // and its activations on the init image
};

enum class EncoderPlacement { Resident, Streamed };

struct MemoryPolicy {
    // What the user asked for: auto picks; resident / streamed are kept (and refused when they
    // cannot fit). Auto keeps T5 resident only with room to spare (it then stays loaded between
    // jobs: reading 19 GB again for every prompt would be slower than streaming).
    enum class TextEncoder { Auto, Resident, Streamed } text_encoder = TextEncoder::Auto;
    bool keep_text_encoder = false;  // a resident T5 stays loaded after encoding
    bool low_memory = false;         // the low-memory measures from the start
};

struct StagePeak {
    std::string stage;  // "encoding", "denoising", "decoding"
    std::int64_t bytes = 0;
    std::string parts;  // "transformer 2.3 GiB + activations 1.1 GiB + …"
};

struct MemoryPlan {
    EncoderPlacement text_encoder = EncoderPlacement::Streamed;
    bool text_encoder_needed = true;
    bool keep_text_encoder = false;
    bool low_memory = false;                      // VAE freed while denoising, 384-px decode tiles
    bool release_transformer_for_decode = false;  // the tightest plan frees it too
    std::vector<StagePeak> stages;
    StagePeak peak;
    MemoryBudget budget;
    bool fits = false;

    // One line: "T5 streamed, low memory: peak ~3.1 GiB (denoising) of 20.4 GiB (MemAvailable …)".
    std::string summary() const;
    // Why it does not fit, with the numbers and what would help (for the OutOfMemory error).
    std::string refusal() const;
};

// Headroom kept free: the estimates are within a few percent, allocators are not.
constexpr std::int64_t kMemoryHeadroom = std::int64_t{256} << 20;

// Tries, in order: the asked plan; with T5 streamed (auto); the low-memory measures; freeing the
// transformer before decoding too. Returns the first that fits, else the tightest with fits false.
MemoryPlan plan_memory(const MemoryDemand& demand, const MemoryPolicy& policy,
                       const MemoryBudget& budget);

}  // namespace pixart
