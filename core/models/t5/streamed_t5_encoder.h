// The T5 encoder with its weights left in the checkpoint files: block after block, and within a
// block its self-attention half (layer.0, 0.27 GB for T5-XXL in float32) and then its
// feed-forward half (layer.1, 0.50 GB), each half's weights taken from the memory-mapped
// safetensors just before it runs and handed back right after, so the process holds at most
// half a block (~0.5 GB) instead of the whole model (~19 GB). float32 files are used in place;
// float16 / bfloat16 files (or another compute dtype, or a CUDA device) are converted one block at
// a time into buffers reused by every block. Of the 32128 x d_model token table only the prompt's
// rows are read.
//
// The blocks are the resident T5Encoder's own modules (T5Block), run on weights in the same
// [out, in] layout: the outputs equal T5Encoder's bit for bit, padded positions included.
//
//   StreamedT5Encoder t5(model_dir + "/text_encoder", torch::kFloat32, torch::kCPU);
//   auto prompt_embeds = t5.encode_real_tokens(input_ids, attention_mask);  // [B, L, d_model]
//
// Not thread-safe: one encode at a time.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/t5_config.h"
#include "loading/checkpoint.h"
#include "models/t5/t5_block.h"
#include "models/t5/t5_layer_norm.h"
#include "models/t5/t5_text_encoder.h"

namespace pixart {

class StreamedT5Encoder : public T5TextEncoder {
  public:
    // Reads <dir>/config.json and opens the weights (single file, shards + index, or the
    // .fp16/.bf16 variants); every tensor's name, shape and dtype is checked now (one
    // pixart::Error(ModelFolder) listing all problems), so an encode never fails half-way on a
    // damaged checkpoint. Reads no weights yet but block 0's position-bias table and the final
    // norm (a few KB).
    StreamedT5Encoder(const std::string& text_encoder_dir, torch::ScalarType dtype,
                      const torch::Device& device);

    // As T5Encoder::forward / encode_real_tokens (same checks, same results).
    torch::Tensor forward(const torch::Tensor& input_ids,
                          const torch::Tensor& attention_mask) override;
    torch::Tensor encode_real_tokens(const torch::Tensor& input_ids,
                                     const torch::Tensor& attention_mask) override;
    std::vector<torch::Tensor> encode_each(const std::vector<Input>& inputs,
                                           bool all_positions) override;
    bool streamed() const override { return true; }
    std::int64_t resident_bytes() const override { return 0; }
    std::int64_t bytes_read() const override { return bytes_streamed_; }

    const T5Config& config() const { return config_; }
    torch::ScalarType dtype() const { return dtype_; }

    // The most memory the weights take while one half-block runs: the largest half as stored
    // (its mapped pages) plus, when converted, the conversion buffer: the larger half in the
    // compute dtype (kept
    // between encodes).
    std::int64_t peak_weight_bytes() const;
    // The checkpoint's weights on disk.
    std::int64_t checkpoint_bytes() const { return checkpoint_.byte_size(); }
    // Drops the files' pages from the kernel's page cache (cold-start benchmarks).
    void evict_from_page_cache() const;

  private:
    // One weight of the scratch block and where block i keeps it.
    struct Slot {
        std::string name;         // e.g. "layer.0.SelfAttention.q.weight"
        int half = 0;             // 0: layer.0 (self-attention), 1: layer.1 (feed-forward)
        torch::Tensor parameter;  // the scratch block's parameter, rebound per block
        std::int64_t offset = 0;  // where its converted copy sits in conversion_ (per half)
    };

    const Checkpoint::Entry& entry(int block, const Slot& slot) const;
    torch::Tensor embed(const torch::Tensor& ids);  // [B, L] -> [B, L, d_model]
    // Checked inputs [1 or B, n] each, through every block in ONE pass over the weights.
    std::vector<torch::Tensor> run(const std::vector<torch::Tensor>& ids,
                                   const std::vector<torch::Tensor>& masks);
    // One half of a block: bind its weights, hand its pages back, read it ahead.
    void bind(int block, int half);
    void release(int block, int half) const;
    void prefetch(int block, int half) const;

    T5Config config_;
    torch::ScalarType dtype_;
    torch::Device device_;
    Checkpoint checkpoint_;
    const Checkpoint::Entry* token_table_ = nullptr;
    T5Block scratch_{nullptr};  // block structure; its weights are rebound to block i's
    std::vector<Slot> slots_;
    torch::Tensor relative_bias_table_;  // block 0's [num_buckets, heads], in dtype_
    T5LayerNorm final_layer_norm_{nullptr};
    // Conversion target of the half being bound when its stored bytes cannot be used in place
    // (16-bit files, another compute dtype, a GPU): one buffer for the larger half, shared by
    // both halves in turn (each half's weights are used only while it runs). Allocated on first
    // need.
    torch::Tensor conversion_;
    std::int64_t conversion_elements_ = 0;
    std::int64_t bytes_streamed_ = 0;
};

}  // namespace pixart
