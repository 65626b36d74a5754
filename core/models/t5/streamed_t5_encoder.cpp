#include "models/t5/streamed_t5_encoder.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "api/errors.h"
#include "loading/tensor_loading.h"
#include "models/t5/t5_attention.h"
#include "models/t5/t5_encoder.h"
#include "models/t5/t5_inputs.h"
#include "models/t5/t5_stack.h"

namespace pixart {
namespace {

const char* const kComponent = "text_encoder";
const char* const kSharedWeight = "shared.weight";
const char* const kEmbedTokensWeight = "encoder.embed_tokens.weight";
const char* const kRelativeBias =
    "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight";
const char* const kFinalNorm = "encoder.final_layer_norm.weight";

std::string block_prefix(int block) { return "encoder.block." + std::to_string(block) + "."; }

// Hands a half-block's mapped pages back whatever happens while it runs.
class BlockPages {
  public:
    BlockPages(std::function<void()> release) : release_(std::move(release)) {}
    ~BlockPages() { release_(); }
    BlockPages(const BlockPages&) = delete;
    BlockPages& operator=(const BlockPages&) = delete;

  private:
    std::function<void()> release_;
};

}  // namespace

StreamedT5Encoder::StreamedT5Encoder(const std::string& text_encoder_dir, torch::ScalarType dtype,
                                     const torch::Device& device)
    : config_(T5Config::from_file(text_encoder_dir + "/config.json")),
      dtype_(dtype),
      device_(device),
      checkpoint_(Checkpoint::open_component(text_encoder_dir, "model")) {
    if (!c10::isFloatingType(dtype)) {
        throw Error(ErrorKind::Unsupported,
                    std::string("T5 encoder: weights cannot be ") + c10::toString(dtype));
    }
    torch::NoGradGuard no_grad;
    // The structure of blocks 1..n-1 (block 0 has the bias table too, held apart). Its weights are
    // only allocated, never touched, until bind_block points them at a block's bytes.
    scratch_ = T5Block(config_, /*has_relative_attention_bias=*/false, dtype);
    scratch_->eval();
    std::int64_t half_elements[2] = {0, 0};
    for (const auto& p : scratch_->named_parameters(/*recurse=*/true)) {
        const int half = p.key().rfind("layer.1.", 0) == 0 ? 1 : 0;
        slots_.push_back(Slot{p.key(), half, p.value(), half_elements[half]});
        half_elements[half] += p.value().numel();
    }
    conversion_elements_ = std::max(half_elements[0], half_elements[1]);

    // Every tensor T5Encoder would bind, checked by name, shape and dtype before any is used.
    const std::int64_t d = config_.d_model;
    BindOptions options = T5EncoderImpl::bind_options();
    std::vector<ExpectedTensor> expected{{kSharedWeight, {config_.vocab_size, d}}};
    for (int b = 0; b < config_.num_layers; ++b) {
        for (const auto& slot : slots_)
            expected.push_back({block_prefix(b) + slot.name, slot.parameter.sizes().vec()});
    }
    expected.push_back(
        {kRelativeBias, {config_.relative_attention_num_buckets, config_.num_heads}});
    expected.push_back({kFinalNorm, {d}});
    token_table_ = checkpoint_.find(kSharedWeight);
    if (token_table_ == nullptr && checkpoint_.find(kEmbedTokensWeight) != nullptr) {
        // Only the encoder's copy of the tied table is stored: it is the table (T5Encoder does
        // the same).
        token_table_ = checkpoint_.find(kEmbedTokensWeight);
        expected.front().name = kEmbedTokensWeight;
        options.ignored_prefixes.erase(options.ignored_prefixes.begin());
    }
    check_state_dict(expected, checkpoint_, kComponent, options);

    const auto& bias = *checkpoint_.find(kRelativeBias);
    relative_bias_table_ = read_tensor(*bias.file, *bias.info, dtype_).to(device_);
    final_layer_norm_ = T5LayerNorm(d, config_.layer_norm_epsilon, dtype_);
    const auto& norm = *checkpoint_.find(kFinalNorm);
    final_layer_norm_->weight.copy_(read_tensor(*norm.file, *norm.info, dtype_));
    final_layer_norm_->to(device_);
    final_layer_norm_->eval();
}

const Checkpoint::Entry& StreamedT5Encoder::entry(int block, const Slot& slot) const {
    return *checkpoint_.find(block_prefix(block) + slot.name);  // present: checked on open
}

std::int64_t StreamedT5Encoder::peak_weight_bytes() const {
    std::int64_t largest_half = 0;
    bool converts = false;
    for (int b = 0; b < config_.num_layers; ++b) {
        std::int64_t stored[2] = {0, 0};
        for (const auto& slot : slots_) {
            const auto& e = entry(b, slot);
            stored[slot.half] += static_cast<std::int64_t>(e.info->byte_size());
            converts = converts || !device_.is_cpu() || to_scalar_type(e.info->dtype) != dtype_;
        }
        largest_half = std::max({largest_half, stored[0], stored[1]});
    }
    const auto conversion =
        static_cast<std::int64_t>(conversion_elements_ * c10::elementSize(dtype_));
    return largest_half + (converts ? conversion : 0);
}

void StreamedT5Encoder::evict_from_page_cache() const {
    std::set<const SafetensorsFile*> files;
    for (const auto& [name, e] : checkpoint_.entries()) files.insert(e.file);
    for (const auto* file : files) file->evict_from_page_cache();
}

torch::Tensor StreamedT5Encoder::embed(const torch::Tensor& ids) {
    // Only the rows of the prompt's tokens, copied out of the mapped table in its stored dtype,
    // then converted: the same values T5Encoder's converted table gives for those ids.
    const auto& info = *token_table_->info;
    const auto stored = to_scalar_type(info.dtype);
    const std::int64_t d = config_.d_model;
    const std::size_t row_bytes = static_cast<std::size_t>(d) * c10::elementSize(stored);
    const auto flat = ids.reshape({-1}).contiguous();
    auto rows = torch::empty({flat.numel(), d}, torch::TensorOptions().dtype(stored));
    const std::byte* table = token_table_->file->data(info);
    auto* out = static_cast<std::byte*>(rows.data_ptr());
    const auto* id = flat.data_ptr<std::int64_t>();
    for (std::int64_t r = 0; r < flat.numel(); ++r) {
        std::memcpy(out + r * row_bytes, table + id[r] * row_bytes, row_bytes);
    }
    token_table_->file->release(info);
    bytes_streamed_ += flat.numel() * static_cast<std::int64_t>(row_bytes);
    return rows.view({ids.size(0), ids.size(1), d}).to(device_, dtype_);
}

void StreamedT5Encoder::bind(int block, int half) {
    for (auto& slot : slots_) {
        if (slot.half != half) continue;
        const auto& e = entry(block, slot);
        const bool in_place = device_.is_cpu() && to_scalar_type(e.info->dtype) == dtype_;
        auto view = mapped_view(*e.file, *e.info);
        if (in_place && view) {
            e.file->populate(*e.info);  // one call maps it, instead of a fault per few pages
            slot.parameter.set_(*view);
        } else {
            if (!conversion_.defined()) {
                conversion_ = torch::empty({conversion_elements_},
                                           torch::TensorOptions().dtype(dtype_).device(device_));
            }
            auto target = conversion_.narrow(0, slot.offset, slot.parameter.numel())
                              .view(slot.parameter.sizes());
            target.copy_(view ? *view : read_tensor(*e.file, *e.info));
            slot.parameter.set_(target);
        }
        bytes_streamed_ += static_cast<std::int64_t>(e.info->byte_size());
    }
}

void StreamedT5Encoder::release(int block, int half) const {
    for (const auto& slot : slots_) {
        if (slot.half == half) entry(block, slot).file->release(*entry(block, slot).info);
    }
}

void StreamedT5Encoder::prefetch(int block, int half) const {
    for (const auto& slot : slots_) {
        if (slot.half == half) entry(block, slot).file->prefetch(*entry(block, slot).info);
    }
}

std::vector<torch::Tensor> StreamedT5Encoder::run(const std::vector<torch::Tensor>& ids,
                                                  const std::vector<torch::Tensor>& masks) {
    torch::NoGradGuard no_grad;
    // 1. Token embeddings, and block 0's position bias shared by all blocks (as T5Stack does).
    std::vector<torch::Tensor> hidden, bias;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        hidden.push_back(embed(ids[i]));  // [B, n, d]
        const std::int64_t n = ids[i].size(1);
        const auto relative = T5AttentionImpl::compute_bias(
            relative_bias_table_, n, n, config_.relative_attention_num_buckets,
            config_.relative_attention_max_distance);  // [1, heads, n, n]
        bias.push_back(
            T5StackImpl::add_mask_bias(relative, masks[i].to(device_), hidden[i].scalar_type()));
    }

    // 2. Blocks, half by half (T5Block::forward's two steps), each half bound to its weights just
    // before it runs — for every input in turn — and handed back after; the next half's bytes
    // are read ahead from disk meanwhile (a no-op when they are in the page cache).
    for (int b = 0; b < config_.num_layers; ++b) {
        for (int half = 0; half < 2; ++half) {
            if (half == 0)
                prefetch(b, 1);
            else if (b + 1 < config_.num_layers)
                prefetch(b + 1, 0);
            BlockPages pages([this, b, half] { release(b, half); });
            bind(b, half);
            for (std::size_t i = 0; i < hidden.size(); ++i) {
                hidden[i] = half == 0 ? scratch_->forward_self_attention(hidden[i], bias[i])
                                      : scratch_->forward_feed_forward(hidden[i]);
            }
        }
    }

    // 3. Output
    for (auto& h : hidden) h = final_layer_norm_(h);
    return hidden;
}

torch::Tensor StreamedT5Encoder::forward(const torch::Tensor& input_ids,
                                         const torch::Tensor& attention_mask) {
    const auto [ids, mask] =
        check_t5_inputs(input_ids, attention_mask, config_.vocab_size, torch::kCPU);
    return run({ids}, {mask}).front();
}

torch::Tensor StreamedT5Encoder::encode_real_tokens(const torch::Tensor& input_ids,
                                                    const torch::Tensor& attention_mask) {
    return encode_each({{input_ids, attention_mask}}, false).front();
}

std::vector<torch::Tensor> StreamedT5Encoder::encode_each(const std::vector<Input>& inputs,
                                                          bool all_positions) {
    // The same trimming as encode_real_positions, for each input, then one pass for all.
    std::vector<torch::Tensor> ids, masks;
    std::vector<std::int64_t> lengths;
    for (const auto& in : inputs) {
        auto [i, m] =
            check_t5_inputs(in.input_ids, in.attention_mask, config_.vocab_size, torch::kCPU);
        lengths.push_back(i.size(1));
        const std::int64_t n = all_positions ? 0 : real_extent(m);
        if (n > 0 && n < i.size(1)) {
            i = i.narrow(1, 0, n);
            m = m.narrow(1, 0, n);
        }
        ids.push_back(i);
        masks.push_back(m);
    }
    auto outputs = run(ids, masks);
    for (std::size_t k = 0; k < outputs.size(); ++k)
        outputs[k] = pad_positions(outputs[k], lengths[k]);
    return outputs;
}

}  // namespace pixart
