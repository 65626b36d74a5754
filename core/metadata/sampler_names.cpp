// Sampler names across tools: our ids (GenerationRequest::sampler), A1111's display names (what
// civitai and friends show), ComfyUI's sampler_name and InvokeAI's scheduler values.
#include <algorithm>
#include <cctype>
#include <string>

#include "api/generation_metadata.h"

namespace pixart {
namespace {

struct SamplerName {
    const char* id;
    const char* a1111;
    const char* comfyui;
    const char* invokeai;
};

constexpr SamplerName kSamplers[] = {
    {"dpm++2m", "DPM++ 2M", "dpmpp_2m", "dpmpp_2m"},
    // ComfyUI and A1111 >= 1.9 say Karras in a schedule field (see sampler_id_with_schedule).
    {"dpm++2m_karras", "DPM++ 2M Karras", "dpmpp_2m_karras", "dpmpp_2m_k"},
    {"dpm++2m_sde", "DPM++ 2M SDE", "dpmpp_2m_sde", "dpmpp_2m_sde"},
    {"dpm++sde", "DPM++ SDE", "dpmpp_sde", "dpmpp_sde"},
    {"dpm++3m_sde", "DPM++ 3M SDE", "dpmpp_3m_sde", "dpmpp_3m_sde"},
    {"dpm2", "DPM2", "dpm_2", "kdpm_2"},
    {"dpm2_a", "DPM2 a", "dpm_2_ancestral", "kdpm_2_a"},
    {"euler", "Euler", "euler", "euler"},
    {"euler_a", "Euler a", "euler_ancestral", "euler_a"},
    {"heun", "Heun", "heun", "heun"},
    {"lms", "LMS", "lms", "lms"},
    {"ddim", "DDIM", "ddim", "ddim"},
    {"ddpm", "DDPM", "ddpm", "ddpm"},
    {"pndm", "PLMS", "plms", "pndm"},
    {"unipc", "UniPC", "uni_pc", "unipc"},
    {"deis", "DEIS", "deis", "deis"},
    {"lcm", "LCM", "lcm", "lcm"},
    {"sa_solver", "SA-Solver", "sa_solver", "sa_solver"},
};

bool same_ignoring_case(const std::string& a, const char* b) {
    const std::string other(b);
    return a.size() == other.size() &&
           std::equal(a.begin(), a.end(), other.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

const char* metadata_source_name(MetadataSource source) noexcept {
    switch (source) {
        case MetadataSource::PixArtStudio:
            return "PixArt Studio";
        case MetadataSource::A1111:
            return "A1111";
        case MetadataSource::ComfyUI:
            return "ComfyUI";
        case MetadataSource::InvokeAI:
            return "InvokeAI";
    }
    return "unknown";
}

std::string sampler_display_name(const std::string& sampler_id) {
    for (const auto& s : kSamplers) {
        if (sampler_id == s.id) return s.a1111;
    }
    return sampler_id;
}

std::string sampler_id_with_schedule(const std::string& sampler_id, const std::string& schedule) {
    if (sampler_id == "dpm++2m" && same_ignoring_case(schedule, "karras")) return "dpm++2m_karras";
    return sampler_id;
}

std::string sampler_id_from_name(const std::string& name) {
    for (const auto& s : kSamplers) {
        if (same_ignoring_case(name, s.id) || same_ignoring_case(name, s.a1111) ||
            same_ignoring_case(name, s.comfyui) || same_ignoring_case(name, s.invokeai)) {
            return s.id;
        }
    }
    return name;
}

}  // namespace pixart
