// Port of diffusers models/transformers/pixart_transformer_2d.py PixArtTransformer2DModel (v0.30.3)
#include "models/transformer/pixart_transformer_2d.h"

#include <sstream>

#include "api/errors.h"
#include "loading/checkpoint.h"
#include "loading/tensor_loading.h"

namespace pixart {

namespace {

// diffusers builds norm_out with a fixed eps, independent of config.norm_eps.
constexpr double kNormOutEps = 1e-6;
// diffusers turns the 0/1 mask into (1 - mask) * -10000 (not -inf).
constexpr double kMaskedBias = -10000.0;

std::string sizes_text(const torch::Tensor& t) {
    std::ostringstream out;
    out << t.sizes();
    return out.str();
}

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorKind::InvalidArgument, "transformer: " + message);
}

}  // namespace

PixArtTransformer2DModelImpl::PixArtTransformer2DModelImpl(const TransformerConfig& config)
    : config_(config), inner_dim_(config.inner_dim()) {
    const int64_t base_size = config.sample_size / config.patch_size;
    pos_embed_ =
        register_module("pos_embed", PatchEmbed(config.in_channels, inner_dim_, config.patch_size,
                                                base_size, config.interpolation_scale));
    torch::nn::ModuleList blocks;
    for (int i = 0; i < config.num_layers; ++i) {
        blocks_.emplace_back(inner_dim_, config.num_attention_heads, config.attention_head_dim,
                             config.norm_eps, config.attention_bias);
        blocks->push_back(blocks_.back());
    }
    register_module("transformer_blocks", blocks);
    scale_shift_table_ = register_parameter("scale_shift_table", torch::zeros({2, inner_dim_}),
                                            /*requires_grad=*/false);
    const int64_t patch_area = int64_t{config.patch_size} * config.patch_size;
    proj_out_ = register_module("proj_out",
                                torch::nn::Linear(inner_dim_, patch_area * config.out_channels));
    adaln_single_ = register_module("adaln_single", AdaLayerNormSingle(inner_dim_));
    caption_projection_ = register_module(
        "caption_projection", PixArtAlphaTextProjection(config.caption_channels, inner_dim_));
}

torch::ScalarType PixArtTransformer2DModelImpl::dtype() const {
    return scale_shift_table_.scalar_type();
}

void PixArtTransformer2DModelImpl::set_attention_score_budget_bytes(int64_t bytes) {
    for (auto& block : blocks_) block->set_score_budget_bytes(bytes);
}

void PixArtTransformer2DModelImpl::set_optimizations(const Optimizations& optimizations) {
    pos_embed_->set_row_major(optimizations.row_major_tokens);
    for (auto& block : blocks_) {
        block->set_fused_qkv(optimizations.fused_qkv);
        block->set_in_place(optimizations.in_place);
        block->set_cpu_attention(optimizations.cpu_attention);
        block->set_one_key_rows(optimizations.one_key_rows);
        block->set_vector_gelu(optimizations.vector_gelu);
    }
}

void PixArtTransformer2DModelImpl::check_latents(const torch::Tensor& hidden_states) const {
    if (!hidden_states.defined() || hidden_states.dim() != 4) {
        invalid("latents must be [batch, channels, height, width], got " +
                (hidden_states.defined() ? sizes_text(hidden_states) : std::string("nothing")));
    }
    if (hidden_states.size(1) != config_.in_channels) {
        invalid("latents have " + std::to_string(hidden_states.size(1)) +
                " channels, the model expects " + std::to_string(config_.in_channels) +
                " (in_channels)");
    }
    const int64_t h = hidden_states.size(2), w = hidden_states.size(3), p = config_.patch_size;
    if (h <= 0 || w <= 0 || h % p != 0 || w % p != 0) {
        invalid("latent size " + std::to_string(h) + "x" + std::to_string(w) +
                " is not a positive multiple of the patch size " + std::to_string(p));
    }
}

void PixArtTransformer2DModelImpl::check_text(const torch::Tensor& encoder_hidden_states,
                                              const torch::Tensor& encoder_attention_mask) const {
    if (!encoder_hidden_states.defined() || encoder_hidden_states.dim() != 3 ||
        encoder_hidden_states.size(2) != config_.caption_channels) {
        invalid("text embeddings must be [batch, tokens, " +
                std::to_string(config_.caption_channels) + "], got " +
                (encoder_hidden_states.defined() ? sizes_text(encoder_hidden_states)
                                                 : std::string("nothing")));
    }
    if (encoder_attention_mask.defined() &&
        (encoder_attention_mask.dim() != 2 ||
         encoder_attention_mask.size(0) != encoder_hidden_states.size(0) ||
         encoder_attention_mask.size(1) != encoder_hidden_states.size(1))) {
        invalid("attention mask " + sizes_text(encoder_attention_mask) +
                " does not match the text embeddings " + sizes_text(encoder_hidden_states));
    }
}

torch::Tensor PixArtTransformer2DModelImpl::pos_embed(int64_t grid_h, int64_t grid_w) {
    return pos_embed_->pos_embed(grid_h, grid_w);
}

torch::Tensor PixArtTransformer2DModelImpl::embed_patches(const torch::Tensor& hidden_states) {
    return pos_embed_->forward(hidden_states);
}

AdaLayerNormSingleOutput PixArtTransformer2DModelImpl::embed_timestep(const torch::Tensor& timestep,
                                                                      int64_t batch) {
    if (!timestep.defined()) invalid("no timestep given");
    auto t = timestep.reshape({-1});
    if (t.numel() == 1 && batch > 1) t = t.expand({batch});
    if (t.numel() != batch) {
        invalid("timestep has " + std::to_string(t.numel()) + " values for a batch of " +
                std::to_string(batch));
    }
    return adaln_single_->forward(t, dtype());
}

torch::Tensor PixArtTransformer2DModelImpl::project_caption(
    const torch::Tensor& encoder_hidden_states) {
    return caption_projection_->forward(encoder_hidden_states.to(dtype()));
}

namespace {

// Per row of a [B, L] mask: the index of its only attended token (mask exactly 1 there and
// exactly 0 elsewhere), else -1.
std::vector<int64_t> one_key_rows(const torch::Tensor& mask) {
    const auto attended = (mask != 0).sum(1).to(torch::kCPU);
    const auto exactly_one = (mask == 1).to(torch::kInt64).argmax(1).to(torch::kCPU);
    const auto full = (mask == 1).sum(1).to(torch::kCPU);
    std::vector<int64_t> rows(static_cast<size_t>(mask.size(0)), -1);
    for (int64_t r = 0; r < mask.size(0); ++r) {
        if (attended[r].item<int64_t>() == 1 && full[r].item<int64_t>() == 1)
            rows[static_cast<size_t>(r)] = exactly_one[r].item<int64_t>();
    }
    return rows;
}

}  // namespace

TextConditioning PixArtTransformer2DModelImpl::prepare_text(
    const torch::Tensor& encoder_hidden_states, const torch::Tensor& encoder_attention_mask,
    bool drop_padding) {
    torch::NoGradGuard no_grad;
    check_text(encoder_hidden_states, encoder_attention_mask);
    const auto batch = encoder_hidden_states.size(0), tokens = encoder_hidden_states.size(1);
    TextConditioning text;
    auto states = encoder_hidden_states;
    if (encoder_attention_mask.defined()) {
        auto mask = encoder_attention_mask;
        int64_t kept = tokens;
        const auto keep = mask != 0;  // [B, L]
        // A row with every token masked attends uniformly to all of them: dropping would change it.
        if (drop_padding && keep.any(1).all().item<bool>()) {
            kept = keep.any(0).nonzero().max().item<int64_t>() + 1;  // last token kept by any row
        }
        if (kept < tokens) {
            states = states.narrow(1, 0, kept);
            mask = mask.narrow(1, 0, kept);
            text.dropped_tokens = tokens - kept;
        }
        if (drop_padding) text.one_key = one_key_rows(mask);
        // [B, L'] -> [B, 1, 1, L'] broadcast over heads and queries.
        text.bias =
            ((1 - mask.to(dtype())) * kMaskedBias).reshape({batch, 1, 1, kept}).to(states.device());
    }
    text.caption = project_caption(states);  // [B, L', D]
    text.cross_kv.reserve(blocks_.size());
    for (auto& block : blocks_) text.cross_kv.push_back(block->project_text(text.caption));
    return text;
}

torch::Tensor PixArtTransformer2DModelImpl::run_block(size_t index, const torch::Tensor& hidden,
                                                      const torch::Tensor& modulation,
                                                      const TextConditioning& text,
                                                      BasicTransformerBlockTrace* trace) {
    if (index >= blocks_.size() || index >= text.cross_kv.size()) {
        throw Error(ErrorKind::Internal,
                    "transformer: block " + std::to_string(index) + " does not exist");
    }
    return blocks_[index]->forward(hidden, modulation, text.cross_kv[index], text.bias,
                                   text.one_key, trace);
}

torch::Tensor PixArtTransformer2DModelImpl::project_output(const torch::Tensor& hidden,
                                                           const torch::Tensor& embedded_timestep) {
    // [1, 2, D] + [B, 1, D] -> shift, scale [B, 1, D].
    const auto mods =
        (scale_shift_table_.unsqueeze(0) + embedded_timestep.unsqueeze(1)).chunk(2, 1);
    auto x = torch::layer_norm(hidden, {inner_dim_}, {}, {}, kNormOutEps)
                 .mul_(1 + mods[1])
                 .add_(mods[0]);
    return proj_out_->forward(x);  // [B, N, p*p*C]
}

torch::Tensor PixArtTransformer2DModelImpl::unpatchify(const torch::Tensor& patches, int64_t grid_h,
                                                       int64_t grid_w) const {
    const int64_t batch = patches.size(0), p = config_.patch_size, c = config_.out_channels;
    // [B, h*w, p*p*C] -> [B, h, w, p, p, C] -> (einsum nhwpqc->nchpwq) [B, C, h, p, w, p] -> [B, C,
    // h*p, w*p]
    return patches.reshape({batch, grid_h, grid_w, p, p, c})
        .permute({0, 5, 1, 3, 2, 4})
        .reshape({batch, c, grid_h * p, grid_w * p});
}

torch::Tensor PixArtTransformer2DModelImpl::forward(const torch::Tensor& hidden_states,
                                                    const torch::Tensor& encoder_hidden_states,
                                                    const torch::Tensor& encoder_attention_mask,
                                                    const torch::Tensor& timestep) {
    torch::NoGradGuard no_grad;
    check_latents(hidden_states);
    return forward(
        hidden_states,
        prepare_text(encoder_hidden_states, encoder_attention_mask, /*drop_padding=*/false),
        timestep);
}

torch::Tensor PixArtTransformer2DModelImpl::forward(const torch::Tensor& hidden_states,
                                                    const TextConditioning& text,
                                                    const torch::Tensor& timestep) {
    torch::NoGradGuard no_grad;
    check_latents(hidden_states);
    const int64_t batch = hidden_states.size(0);
    if (!text.caption.defined() || text.caption.size(0) != batch ||
        text.cross_kv.size() != blocks_.size()) {
        invalid("text conditioning for batch " +
                (text.caption.defined() ? std::to_string(text.caption.size(0))
                                        : std::string("(none)")) +
                " does not fit latents of batch " + std::to_string(batch));
    }
    const int64_t grid_h = hidden_states.size(2) / config_.patch_size;
    const int64_t grid_w = hidden_states.size(3) / config_.patch_size;

    // 1. Input: patches + position embedding, timestep modulation.
    auto hidden = embed_patches(hidden_states.to(dtype()));  // [B, N, D]
    const auto time = embed_timestep(timestep, batch);       // [B, 6D], [B, D]

    // 2. Blocks.
    for (size_t i = 0; i < blocks_.size(); ++i)
        hidden = run_block(i, hidden, time.modulation, text);

    // 3. Output: final modulation, projection, unpatchify.
    return unpatchify(project_output(hidden, time.embedded_timestep), grid_h,
                      grid_w);  // [B, C, H, W]
}

PixArtTransformer2DModel load_pixart_transformer(const std::string& transformer_dir,
                                                 torch::ScalarType dtype) {
    const auto config = TransformerConfig::from_file(transformer_dir + "/config.json");
    PixArtTransformer2DModel model(config);
    if (dtype != torch::kFloat32) model->to(dtype);
    const auto checkpoint = Checkpoint::open_component(transformer_dir, "diffusion_pytorch_model");
    BindOptions options;
    options.float_dtype = dtype;
    bind_state_dict(*model, checkpoint, "transformer", options);
    for (auto& parameter : model->parameters()) parameter.set_requires_grad(false);
    model->eval();
    return model;
}

}  // namespace pixart
