#include "memory/memory_plan.h"

#include <algorithm>

namespace pixart {
namespace {

struct Parts {
    std::int64_t total = 0;
    std::string text;
    void add(const std::string& name, std::int64_t bytes) {
        if (bytes <= 0) return;
        total += bytes;
        text += (text.empty() ? "" : " + ") + name + " " + format_bytes(bytes);
    }
};

struct Choice {
    EncoderPlacement encoder;
    bool keep_encoder;
    bool low_memory;
    bool release_transformer;
};

MemoryPlan evaluate(const MemoryDemand& d, const Choice& c, const MemoryBudget& budget) {
    MemoryPlan plan;
    plan.text_encoder = c.encoder;
    plan.text_encoder_needed = d.text_encoder_needed;
    plan.keep_text_encoder = c.keep_encoder && c.encoder == EncoderPlacement::Resident;
    plan.low_memory = c.low_memory;
    plan.release_transformer_for_decode = c.release_transformer;
    plan.budget = budget;
    const bool resident = c.encoder == EncoderPlacement::Resident;
    // A kept resident T5 is in memory through every stage (already loaded or loaded now).
    const bool t5_in_memory_later =
        resident && plan.keep_text_encoder && (d.text_encoder_needed || d.text_encoder_loaded);

    if (d.text_encoder_needed || (resident && d.text_encoder_loaded)) {
        Parts encoding;
        encoding.add("process", d.baseline);
        if (d.text_encoder_needed || t5_in_memory_later) {
            encoding.add(resident ? "T5 resident" : "T5 one block",
                         resident ? d.text_encoder_resident : d.text_encoder_streamed);
            encoding.add("T5 activations", d.text_encoder_activations);
        }
        // Models kept from the previous job stay loaded while encoding.
        if (d.transformer_loaded) encoding.add("transformer", d.transformer);
        if (d.vae_loaded) encoding.add("VAE", d.vae);
        plan.stages.push_back({"encoding", encoding.total, encoding.text});
    }
    if (d.image_encoder > 0) {
        // Image-to-image encodes its picture after the prompts, before the transformer loads.
        Parts image;
        image.add("process", d.baseline);
        if (t5_in_memory_later) image.add("T5 resident", d.text_encoder_resident);
        if (d.transformer_loaded) image.add("transformer", d.transformer);
        if (d.vae_loaded && !c.low_memory) image.add("VAE", d.vae);
        image.add("VAE encoder", d.image_encoder);
        image.add("encode activations", d.encode_activations);
        plan.stages.push_back({"encoding image", image.total, image.text});
    }
    Parts denoising;
    denoising.add("process", d.baseline);
    if (t5_in_memory_later) denoising.add("T5 resident", d.text_encoder_resident);
    denoising.add("transformer", d.transformer);
    denoising.add("activations", d.denoise_activations);
    if (!c.low_memory) denoising.add("VAE", d.vae);
    plan.stages.push_back({"denoising", denoising.total, denoising.text});

    Parts decoding;
    decoding.add("process", d.baseline);
    if (t5_in_memory_later) decoding.add("T5 resident", d.text_encoder_resident);
    if (!c.release_transformer) decoding.add("transformer", d.transformer);
    decoding.add("VAE", d.vae);
    decoding.add("decode activations",
                 c.low_memory ? d.decode_activations_low_memory : d.decode_activations);
    plan.stages.push_back({"decoding", decoding.total, decoding.text});

    plan.peak =
        *std::max_element(plan.stages.begin(), plan.stages.end(),
                          [](const StagePeak& a, const StagePeak& b) { return a.bytes < b.bytes; });
    plan.fits = plan.peak.bytes + kMemoryHeadroom <= budget.bytes;
    return plan;
}

}  // namespace

MemoryPlan plan_memory(const MemoryDemand& demand, const MemoryPolicy& policy,
                       const MemoryBudget& budget) {
    const bool can_stream = demand.text_encoder_streamed >= 0;
    std::vector<EncoderPlacement> encoders;
    using TE = MemoryPolicy::TextEncoder;
    if (policy.text_encoder == TE::Resident || !can_stream) {
        encoders = {EncoderPlacement::Resident};
    } else if (policy.text_encoder == TE::Streamed) {
        encoders = {EncoderPlacement::Streamed};
    } else {
        encoders = {EncoderPlacement::Resident, EncoderPlacement::Streamed};
    }
    const bool auto_encoder = encoders.size() == 2;
    MemoryPlan tightest;
    for (const auto encoder : encoders) {
        // Auto keeps T5 resident (and loaded between jobs) only with room to spare: the plan
        // must fit in three quarters of the budget.
        const bool keep = auto_encoder ? true : policy.keep_text_encoder;
        const std::vector<Choice> choices = {
            {encoder, keep, policy.low_memory, false},
            {encoder, keep, true, false},
            {encoder, keep, true, true},
        };
        for (const auto& choice : choices) {
            MemoryPlan plan = evaluate(demand, choice, budget);
            if (auto_encoder && encoder == EncoderPlacement::Resident) {
                plan.fits = plan.fits && plan.peak.bytes <= budget.bytes / 4 * 3;
                if (!plan.fits) break;  // auto: stream instead of squeezing a resident T5
            }
            if (plan.fits) return plan;
            tightest = plan;
        }
    }
    return tightest;
}

std::string MemoryPlan::summary() const {
    std::string text;
    if (!text_encoder_needed) {
        text = "prompt embeddings from the cache (T5 not needed)";
    } else if (text_encoder == EncoderPlacement::Resident) {
        text = keep_text_encoder ? "T5 resident (kept loaded)" : "T5 resident";
    } else {
        text = "T5 streamed from disk";
    }
    if (low_memory) text += release_transformer_for_decode ? ", lowest memory" : ", low memory";
    text += ": peak ~" + format_bytes(peak.bytes) + " (" + peak.stage + ") of " +
            format_bytes(budget.bytes) + " available";
    return text;
}

std::string MemoryPlan::refusal() const {
    return "not enough memory for this job: " + peak.stage + " needs about " +
           format_bytes(peak.bytes) + " (" + peak.parts + ", with every memory saving on) but " +
           "this process may use " + format_bytes(budget.bytes) + " (" + budget.source +
           "); choose a smaller size or fewer images, or close other programs";
}

}  // namespace pixart
