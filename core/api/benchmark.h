// `pixart-cli bench`: speed at true size with random weights (no checkpoints needed).
//   run_transformer_benchmark   — the denoising step, optimised vs the diffusers-equivalent work,
//                                 next to the machine's own matmul rate measured in the same run;
//   run_text_encoder_benchmark  — T5 at true width on the real tokens vs all 300 positions;
//   run_pipeline_benchmark      — prompt → image end to end, seconds and peak RSS per stage;
//   run_model_benchmark         — jobs through the engine from a model folder ON DISK (e.g. the
//                                 true-size fixture): plan, stages, peak RSS, T5 bytes read;
//   run_text_encoder_file_benchmark — T5 from a folder's files: resident vs streamed, warm or
//                                 cold page cache, bytes read, bit-equality.
// Comparisons run interleaved in ONE process (round-robin steps), so a shared machine's load
// drifts over all variants alike: read the ratios, not the absolute seconds.
#pragma once

#include <string>
#include <vector>

namespace pixart {

// ---------------------------------------------------------------------------------------------
// Denoising step
// ---------------------------------------------------------------------------------------------

// Which step implementations a transformer benchmark times.
enum class TransformerBenchmarkMode {
    Optimised,   // the pipeline's step: text work once, padding dropped, fused QKV, in place
    Reference,   // diffusers' work: caption projection + cross K/V of all 300 tokens every step
    Compare,     // reference and optimised, interleaved, with their time ratio
    Ablation,    // reference, then each exact optimisation added in turn, interleaved
    Allocation,  // the optimised step without and with the CPU buffer cache, interleaved
    Attention,   // the step with batched attention, then the optimised (fused), interleaved,
                 // and one self-attention alone each way (time, GFLOP/s, share of the step)
};

struct TransformerBenchmarkOptions {
    std::string config_path;  // transformer config.json (../shared/models/configs/…1024-MS.json)
    TransformerBenchmarkMode mode = TransformerBenchmarkMode::Optimised;
    int width = 256;
    int height = 256;
    int steps = 3;          // timed steps per variant (one untimed warm-up round runs first)
    int threads = 0;        // 0 = all cores
    int text_tokens = 300;  // max_sequence_length: what the reference attends over
    // Real tokens of the prompt (incl. </s>): 20 is a typical short prompt (≈ 15 words).
    int prompt_tokens = 20;
    // Real tokens of the negative prompt under CFG: the default "" is one token (</s>).
    int negative_tokens = 1;
    bool guidance = true;  // CFG: batch 2 (negative + positive)
    std::string device = "cpu";
    std::string dtype;  // "" = float32 on cpu, float16 on cuda
    // A Chrome trace (chrome://tracing, ui.perfetto.dev) of the ops of each variant's first
    // timed step: this path with one variant, else ".N" before its extension for variant N
    // (1-based, the order of the table). "" = none. The tracer's cost is in those steps' times.
    std::string trace_path;
};

struct TransformerStepTiming {
    std::string name;         // "reference", "text once", "+ padding dropped", …
    std::string description;  // what this variant does
    std::vector<double> step_seconds;
    double median_step_seconds = 0.0;
    double step_gflop = 0.0;   // FLOPs this variant executes per step (analytical)
    double step_gflops = 0.0;  // step_gflop / median
    double ratio_to_matmul = 0.0;
    double time_ratio = 0.0;  // median / the reference's median (1 for the reference itself)
    // What the kernel did for the step (getrusage): page faults of freshly mapped memory and
    // system time; system_share = system / (user + system) over the timed steps.
    double median_minor_faults = 0.0;
    double system_seconds_per_step = 0.0;
    double system_share = 0.0;
    std::string trace_file;  // written with TransformerBenchmarkOptions::trace_path
};

// One self-attention of the step alone (q, k, v [batch, heads, tokens, head_dim]), each way.
struct AttentionTiming {
    double gflop = 0.0;            // 4 * batch * heads * tokens^2 * head_dim (QK^T and PV)
    double batched_seconds = 0.0;  // median: baddbmm + softmax + bmm over query chunks
                                   // (diffusers')
    double blocked_seconds = 0.0;  // median: ATen's GEMMs per thread block (blocked_attention.h)
    double fused_seconds = 0.0;    // median: the best kernel of the CPU (fused_attention.h);
                                   // 0 = the CPU or the head size does not run it
    std::string fused_kernel;      // its name: "AVX-512", "AVX2"; empty = none
    // The AVX2 kernel too where the best is AVX-512 (what CPUs without AVX-512 run); 0 = not run.
    double avx2_seconds = 0.0;
    double avx2_gflops = 0.0;
    double avx2_max_difference = 0.0;
    double batched_gflops = 0.0;
    double blocked_gflops = 0.0;
    double fused_gflops = 0.0;
    double max_difference = 0.0;        // blocked vs batched (rows are computed alike: ~0)
    double fused_max_difference = 0.0;  // fused vs batched (float rounding)
    // layers x one self-attention / the step's median, the batched step and the fused step.
    double share_of_step = 0.0;
    double fused_share_of_step = 0.0;
};

struct TransformerBenchmarkResult {
    std::vector<TransformerStepTiming> variants;
    AttentionTiming attention;          // with TransformerBenchmarkMode::Attention
    double diffusers_step_gflop = 0.0;  // diffusers' per-step work (all text tokens every step)
    double text_prepare_seconds = 0.0;  // prepare_text once per generation (optimised path)
    double text_prepare_gflop = 0.0;
    double matmul_gflops = 0.0;  // best float32 (or dtype) 2048³ matmul rate, same run
    double peak_rss_mib = 0.0;
    long long buffer_cache_hits = 0;  // large buffers reused (CpuBufferCache), whole run
    long long buffer_cache_misses = 0;
    double buffer_cache_peak_mib = 0.0;  // most free buffers it held at once
    long long parameters = 0;
    int tokens = 0;       // image tokens per sample
    int kept_tokens = 0;  // text tokens the optimised cross-attention keeps
    int batch = 0;
    int threads = 0;       // torch intra-op threads
    int blas_threads = 0;  // OpenBLAS's own count after the run (0 = not OpenBLAS)
    std::string device;
    std::string dtype;
    std::string flop_formula;
};

TransformerBenchmarkResult run_transformer_benchmark(const TransformerBenchmarkOptions& options);

// ---------------------------------------------------------------------------------------------
// Text encoder
// ---------------------------------------------------------------------------------------------

struct TextEncoderBenchmarkOptions {
    std::string config_path;  // text_encoder_config.json (T5 v1.1 XXL: d_model 4096, d_ff 10240)
    int layers = 2;           // depth actually built (the real model has 24): width stays true
    int prompt_tokens = 20;   // real tokens (incl. </s>)
    int max_length = 300;
    int repeats = 3;  // timed encodes per variant, interleaved (after one warm-up round)
    int threads = 0;
};

struct TextEncoderBenchmarkResult {
    std::vector<double> real_token_seconds;  // encode_real_tokens (prompt_tokens positions)
    std::vector<double> full_seconds;        // forward (all max_length positions)
    double median_real_token_seconds = 0.0;
    double median_full_seconds = 0.0;
    double speedup = 0.0;           // full / real-token
    double real_token_gflop = 0.0;  // analytical, this depth
    double full_gflop = 0.0;
    double real_rows_relative_l2 = 0.0;  // real rows of both outputs (exactness check)
    int layers = 0;
    int config_layers = 0;
    double parameters_mib = 0.0;  // float32 weights at this depth
    double peak_rss_mib = 0.0;
    int threads = 0;
};

TextEncoderBenchmarkResult run_text_encoder_benchmark(const TextEncoderBenchmarkOptions& options);

// ---------------------------------------------------------------------------------------------
// Whole pipeline
// ---------------------------------------------------------------------------------------------

struct PipelineBenchmarkOptions {
    std::string configs_dir;  // laid out like ../shared/models/configs
    std::string transformer_variant = "PixArt-Sigma-XL-2-1024-MS";  // transformer_config_<v>.json
    std::string tokenizer_model;  // spiece.model ("" = <configs>/../tiny-pixart-sigma/tokenizer)
    int width = 512;
    int height = 512;
    int steps = 20;
    int text_encoder_layers = 2;  // T5 depth built (true width); 0 = the config's 24
    int threads = 0;
    double guidance_scale = 4.5;
    std::string prompt = "a small cactus with a happy face in the sahara desert, photograph";
    bool resolution_binning = false;  // off: the transformer runs at exactly width × height
    bool low_memory = false;          // EngineOptions::low_memory
    bool release_transformer_before_decoding = false;
    int tiled_decode_above = 0;  // tile the VAE decode above this many latent cells (0 = default)
    // > 0: image-to-image at this strength from a smooth synthetic picture of width x height
    // (what "Refine for print" runs after its 2x enlargement); 0 = text-to-image.
    double strength = 0.0;
    std::string device = "cpu";
    std::string dtype;
};

struct PipelineStageTiming {
    std::string stage;  // stage_name(): "loading text encoder", "encoding prompt", …
    double seconds = 0.0;
    double share = 0.0;         // of the total
    double peak_rss_mib = 0.0;  // the process's peak resident memory during this stage
    double end_rss_mib = 0.0;   // resident memory when the stage ended
};

struct PipelineBenchmarkResult {
    std::vector<PipelineStageTiming> stages;
    double total_seconds = 0.0;                // prompt → image
    double peak_rss_mib = 0.0;                 // over the whole generation
    double peak_rss_after_encoding_mib = 0.0;  // from loading the transformer on (T5 released)
    double text_encoder_mib = 0.0;             // weights, as built
    double transformer_mib = 0.0;
    double vae_mib = 0.0;
    int generated_width = 0;
    int generated_height = 0;
    int steps = 0;
    int threads = 0;
    int text_encoder_layers = 0;
    std::string decode;  // "untiled", "banded" (exact) or "tiled" (the low-memory tiles)
    bool low_memory = false;
};

PipelineBenchmarkResult run_pipeline_benchmark(const PipelineBenchmarkOptions& options);

// ---------------------------------------------------------------------------------------------
// From files: a model folder on disk through the engine, as a user runs it
// ---------------------------------------------------------------------------------------------

struct ModelBenchmarkOptions {
    std::string model;                 // a model folder (make_true_size_model writes one)
    std::vector<std::string> prompts;  // one job each, in order
    int repeat = 1;        // run the prompts this many times (repeats hit the prompt cache)
    bool restart = false;  // a new engine for each repeat: the cache is read from disk
    bool cold = false;     // evict the model's files from the page cache before starting
    int width = 256;
    int height = 256;
    int steps = 2;
    double guidance_scale = 4.5;
    bool resolution_binning = false;
    std::string text_encoder_mode = "auto";
    bool low_memory = false;
    std::string prompt_cache_dir;  // "" = a new empty folder (first use of a prompt misses)
    long long memory_limit_bytes = 0;
    int threads = 0;
    std::string device = "cpu";
    std::string dtype;
};

struct ModelBenchmarkJob {
    std::string prompt;
    std::string plan;  // the memory plan's summary
    std::vector<PipelineStageTiming> stages;
    double seconds = 0.0;              // generate(): plan → image
    double peak_rss_mib = 0.0;         // during this job
    long long t5_bytes_read = 0;       // T5 weight bytes read from the files during this job
    long long storage_bytes_read = 0;  // bytes the kernel fetched from disk during this job
    int encoded = 0;                   // texts T5 ran for (prompt + negative)
    int cache_hits = 0;                // texts served by the prompt cache (memory or disk)
};

struct ModelBenchmarkResult {
    double open_seconds = 0.0;         // Engine::open (configs, headers, tokenizer)
    double first_image_seconds = 0.0;  // from before open to the first image
    std::vector<ModelBenchmarkJob> jobs;
    double peak_rss_mib = 0.0;  // the whole run
    long long evicted_bytes = 0;
    int threads = 0;
    std::string prompt_cache;
};

ModelBenchmarkResult run_model_benchmark(const ModelBenchmarkOptions& options);

struct TextEncoderFileBenchmarkOptions {
    std::string model;  // a model folder; its text_encoder/ and tokenizer/ are used
    std::string prompt = "a small cactus with a happy face in the sahara desert, photograph";
    bool resident = true;  // time the resident encoder too (needs its weights in memory)
    bool streamed = true;
    bool cold = false;  // evict T5's files from the page cache before each streamed encode
    int repeats = 3;    // timed encodes per mode, interleaved, after one warm-up each
    int threads = 0;
};

struct TextEncoderFileBenchmarkResult {
    int prompt_tokens = 0;
    int layers = 0;
    double resident_load_seconds = 0.0;
    std::vector<double> resident_seconds, streamed_seconds;
    double median_resident_seconds = 0.0, median_streamed_seconds = 0.0;
    double streamed_to_resident = 0.0;        // median ratio (warm: target <= 2)
    long long streamed_bytes_per_encode = 0;  // T5 weight bytes one streamed encode reads
    long long storage_bytes_per_encode = 0;   // of which the kernel fetched from disk (cold)
    double streamed_peak_rss_mib = 0.0;       // while only the streamed encoder ran
    double resident_peak_rss_mib = 0.0;       // with the resident encoder loaded
    bool bit_identical = false;               // streamed output == resident output
    long long checkpoint_bytes = 0;
    int threads = 0;
};

TextEncoderFileBenchmarkResult run_text_encoder_file_benchmark(
    const TextEncoderFileBenchmarkOptions& options);

// LoRA switching on the transformer at true size (random weights): two kohya LoRAs of `rank` on
// every attention and feed-forward Linear, written to `scratch_dir`, applied, switched and
// removed; each timed, and the base weights checked bit for bit afterwards.
struct LoraBenchmarkOptions {
    std::string config_path;  // transformer config.json
    int rank = 16;
    int threads = 0;
    std::string scratch_dir;  // "" = the system's temporary folder
};

struct LoraBenchmarkResult {
    int layers = 0;                  // Linears each LoRA targets
    std::int64_t file_bytes = 0;     // of one LoRA file
    double first_apply_seconds = 0;  // read + check + merge of the first LoRA
    double same_set_seconds = 0;     // the same LoRA again (nothing to do)
    double switch_seconds = 0;       // restore the first, read + merge the second
    double restore_seconds = 0;      // back to the base weights
    std::int64_t held_bytes = 0;     // base copies kept while a LoRA is applied
    bool restored_exactly = false;   // every touched weight equals its base bit for bit
};
LoraBenchmarkResult run_lora_benchmark(const LoraBenchmarkOptions& options);

}  // namespace pixart
