// A LoRA for the PixArt-Sigma transformer, read from a safetensors file and recognised by its
// tensor names (issue 17). Formats:
//   PEFT / diffusers  transformer.transformer_blocks.N.attn1.to_q.lora_A.weight / .lora_B.weight
//                     (with or without "transformer." / "base_model.model."); alpha from a
//                     "<module>.alpha" tensor, adapter_config.json beside the file (lora_alpha),
//                     or the safetensors metadata; else alpha = rank
//   kohya / ComfyUI   lora_unet_transformer_blocks_N_attn1_to_q.lora_down.weight / .lora_up.weight
//                     / .alpha (or the lora_transformer_ prefix)
//   LyCORIS LoHa      <kohya name>.hada_w1_a / hada_w1_b / hada_w2_a / hada_w2_b / .alpha
//   LyCORIS LoKr      <kohya name>.lokr_w1 (or lokr_w1_a + lokr_w1_b) / lokr_w2 (or _a + _b)
//                     / .alpha
// Every layer must name a Linear of the transformer with the weight's shape; anything else is
// refused with the list of what does not fit, before a weight changes.
#pragma once

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pixart {

enum class LoraFormat { Peft, Kohya, LoHa, LoKr };
const char* lora_format_name(LoraFormat format) noexcept;

struct LoraLayer {
    std::string module;  // the transformer's module, "transformer_blocks.0.attn1.to_q"
    std::string source;  // the file's name for it (messages)
    LoraFormat format = LoraFormat::Peft;
    std::map<std::string, torch::Tensor> tensors;  // by role: down/up, w1a/w1b/w2a/w2b, w1/w2
    std::optional<double> alpha;

    // The update of the module's weight at strength 1, float32 [out, in]:
    // (alpha / rank) * up @ down, (alpha / rank) * (w1a @ w1b) * (w2a @ w2b) (LoHa), or
    // (alpha / rank) * kron(w1, w2) (LoKr; scale 1 when neither factor is decomposed).
    torch::Tensor delta() const;
    // delta()'s shape from the factors' shapes alone (no arithmetic); nullopt when the factors
    // do not multiply.
    std::optional<std::vector<std::int64_t>> update_shape() const;
    double scale() const;  // alpha / rank as above
};

struct LoraFile {
    std::string path;
    std::vector<LoraFormat> formats;  // found in the file, in the order of LoraFormat
    std::vector<LoraLayer> layers;
};

// Reads and recognises a LoRA. `linear_modules` maps the transformer's Linear modules by name to
// their weight shapes ([out, in]): kohya names are matched against it and every layer is checked.
// Throws pixart::Error(CorruptFile) for an unreadable file, (ModelFolder) for tensor names of no
// known format or layers that do not fit (all of them listed).
LoraFile read_lora(const std::string& path,
                   const std::map<std::string, std::vector<std::int64_t>>& linear_modules);

}  // namespace pixart
