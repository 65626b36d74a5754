// pixart::Engine — the one entry point of the core: open a PixArt-Sigma model folder, generate.
//
//   #include "api/engine.h"
//
//   pixart::EngineOptions options;                 // cpu, all cores, T5 released after encoding
//   auto engine = pixart::Engine::open("/models/PixArt-Sigma-XL-2-1024-MS", options);
//   pixart::GenerationRequest request;
//   request.prompts = {"a small cactus with a happy face in the sahara desert"};
//   request.seed = 42;
//   pixart::GenerationCallbacks callbacks;
//   callbacks.on_step = [](const pixart::StepProgress& p) { /* p.step of p.total */ };
//   pixart::CancelToken cancel;                    // cancel.cancel() from any thread
//   pixart::GenerationResult result = engine->generate(request, callbacks, &cancel);
//   // result.images: float RGB in [0, 1], prompts × images_per_prompt of them
//
// Thread safety: an Engine is used from ONE thread at a time (the studio's inference thread, the
// CLI's main thread). Callbacks run on that thread, synchronously, between denoising steps: keep
// them short or hand the data over (the studio emits queued signals). CancelToken::cancel() is the
// only call that may come from another thread. Every failure is a pixart::Error (api/errors.h);
// after any error, a cancelled job included, the engine stays usable.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/generation_request.h"
#include "api/image.h"
#include "api/model_info.h"

namespace pixart {

// How the T5 text encoder holds its weights. Resident: all of them in memory (~19 GB for the
// hub's float32 T5-XXL), kept between prompts. Streamed: block by block from the memory-mapped
// files (~1 GB), the same results bit for bit. Auto: resident only with room to spare, else
// streamed (the memory plan says which it chose).
enum class TextEncoderMode { Auto, Resident, Streamed };
const char* text_encoder_mode_name(TextEncoderMode mode) noexcept;  // "auto", …
// Throws pixart::Error(InvalidArgument) naming the choices.
TextEncoderMode parse_text_encoder_mode(const std::string& name);

struct EngineOptions {
    std::string device = "cpu";  // "cpu", or "cuda" when libtorch was built with it
    int threads = 0;             // intra-op threads on cpu; 0 = all cores
    // Free a resident T5 encoder after encoding so only one big model is resident while
    // denoising (false: keep it loaded between prompts when it is resident).
    bool release_text_encoder = true;
    TextEncoderMode text_encoder_mode = TextEncoderMode::Auto;
    // Where T5 runs: "" = `device`; "cpu" keeps it on the CPU in float32 (exact, streamed from
    // disk) while the transformer and VAE use a GPU — 1024x1024 then fits an 8 GB card.
    std::string text_encoder_device;
    // Prompt embeddings cached on disk, shared with every other run (the studio and the CLI):
    // a repeated prompt never runs T5. "" = $XDG_CACHE_HOME/pixart-studio/prompt-embeddings.
    bool prompt_cache = true;
    std::string prompt_cache_dir;
    std::int64_t prompt_cache_max_bytes = std::int64_t{1} << 30;  // least recently used go first
    // What one job may use (bytes); 0 = what the system and the cgroup allow. A job whose plan
    // cannot fit even with every memory saving is refused (ErrorKind::OutOfMemory) before it
    // loads anything.
    // Compute dtype: "" = automatic (float32 on cpu, float16 on cuda), or "float32", "bfloat16",
    // "float16". The VAE never runs in float16 (the SDXL VAE overflows there).
    std::string dtype;
    int preview_interval = 1;  // a preview every N steps; 0 = no previews
    std::int64_t memory_limit_bytes = 0;
    // For machines where memory is tight: free the VAE while denoising and decode in 384-px tiles
    // above 384x384 (cross-faded; close to, not equal to, the exact decode), so a 1024x1024
    // image needs about transformer + VAE + 1 GB instead of + 4 GB. Off: exact decode at every
    // size up to 2048x2048 (in bands of rows above 512x512, activations beyond the memory
    // plan memory-mapped from temporary files), and the low-memory measures only when a job
    // needs them to fit.
    bool low_memory = false;
    // Build every component with random weights from its config instead of reading weights
    // (benchmarks at true size without real checkpoints). Seeded, so runs are repeatable.
    bool random_weights = false;
    int random_text_encoder_layers = 0;  // with random_weights: T5 depth (0 = the config's)
};

struct StepProgress {
    int step = 0;  // 1-based: the number of finished denoising steps
    int total = 0;
    double elapsed_seconds = 0.0;  // since the job started (encoding included)
};

// Stages of one job, reported through GenerationCallbacks::on_stage.
enum class Stage {
    LoadingTextEncoder,
    EncodingPrompt,
    EncodingImage,  // image-to-image: the VAE encoder reads the init image
    LoadingTransformer,
    Denoising,
    LoadingVae,
    Decoding
};
const char* stage_name(Stage stage) noexcept;

// Weights read so far while a network loads (Stage::LoadingTextEncoder, LoadingTransformer,
// LoadingVae; EncodingImage for the VAE's encoder half), reported tensor by tensor: bytes as
// stored in the files. A streamed T5 reads its blocks while encoding and reports nothing here.
struct LoadProgress {
    Stage stage = Stage::LoadingTransformer;
    std::int64_t bytes_done = 0;
    std::int64_t bytes_total = 0;
};

// How far a banded decode (Stage::Decoding, images above 512x512) has gone: reported before
// each band of rows (the mid block's three parts count as one band each), bands_done of
// bands_total for all the job's images (done < total).
struct DecodeProgress {
    std::int64_t bands_done = 0;
    std::int64_t bands_total = 0;
};

// The memory plan a job runs under (chosen before anything large loads; on_plan, Engine::plan).
struct MemoryPlanInfo {
    std::string text_encoder;     // "resident", "streamed", or "cached" (every prompt was cached)
    bool low_memory = false;      // VAE freed while denoising, decode in 384-px tiles
    std::int64_t peak_bytes = 0;  // estimated peak of the job (process total)
    std::int64_t available_bytes = 0;  // what the process may use
    bool fits = true;     // false: generate() refuses the job (ErrorKind::OutOfMemory, with why)
    std::string refusal;  // why it does not fit, with the numbers (empty when it fits)
    std::string summary;  // one line: "T5 streamed from disk: peak ~3.1 GiB (denoising) of …"
};

struct GenerationCallbacks {
    std::function<void(const MemoryPlanInfo&)> on_plan;  // once, before the first stage
    std::function<void(Stage)> on_stage;
    std::function<void(const LoadProgress&)> on_load;      // during a Loading… stage
    std::function<void(const DecodeProgress&)> on_decode;  // during a banded decode
    std::function<void(const StepProgress&)> on_step;
    // The predicted clean latent of the first image, mapped to RGB (1/8 of the image size).
    std::function<void(const StepProgress&, const PreviewImage&)> on_preview;
};

class CancelToken {
  public:
    void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
    void reset() noexcept { cancelled_.store(false, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

  private:
    std::atomic<bool> cancelled_{false};
};

struct GenerationResult {
    std::vector<Image> images;  // prompt-major: prompt 0's images first
    int generated_width = 0;    // after resolution binning (what the transformer ran at)
    int generated_height = 0;
    double seconds = 0.0;
};

struct TokenCount {
    int tokens = 0;  // including the closing </s>, before truncation
    int max_tokens = 300;
    bool truncated() const { return tokens > max_tokens; }
};

class Engine {
  public:
    // Opens and validates a model folder (configs, tokenizer, weight headers); weights are read
    // lazily on first use. Throws pixart::Error.
    static std::unique_ptr<Engine> open(const std::string& model_dir,
                                        const EngineOptions& options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const ModelInfo& info() const;
    const EngineOptions& options() const;

    GenerationResult generate(const GenerationRequest& request,
                              const GenerationCallbacks& callbacks = {},
                              const CancelToken* cancel = nullptr);

    // Developer aid (`pixart-cli generate --dump`): generate, and also write every intermediate
    // (init_latents, prompt_embeds, prompt_attention_mask, timesteps, step_latents,
    // final_latents, image — named as in the diffusers goldens) to a safetensors file.
    GenerationResult generate_and_dump(const GenerationRequest& request,
                                       const std::string& dump_path,
                                       const GenerationCallbacks& callbacks = {},
                                       const CancelToken* cancel = nullptr);

    // The memory plan generate() would follow for `request` now, loading nothing (what is
    // loaded and cached counts). Throws pixart::Error on an invalid request.
    MemoryPlanInfo plan(const GenerationRequest& request);

    // T5 since open(): weight bytes read from the files, prompts encoded, cache hits.
    struct TextEncoderStats {
        std::int64_t bytes_read = 0;
        int encoded = 0;
        int memory_cache_hits = 0;
        int disk_cache_hits = 0;
        std::string prompt_cache;  // the cache folder, or why there is none / it is read-only
    };
    TextEncoderStats text_encoder_stats() const;

    // Tokens a prompt takes after diffusers' preprocessing (the studio's N / 300 counter).
    TokenCount count_tokens(const std::string& prompt, bool clean_caption = false) const;

    // Samplers this build offers, by the names GenerationRequest::sampler takes.
    static std::vector<std::string> samplers();

    // Free every loaded component (they load again on the next generate).
    void release_all();

  private:
    struct Impl;
    explicit Engine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace pixart
