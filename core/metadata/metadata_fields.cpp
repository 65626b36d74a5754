// Which of an image's text fields to believe. Ours is complete, A1111's infotext is the most
// common; InvokeAI and ComfyUI come last because their graphs need interpretation.
#include <string>

#include "api/generation_metadata.h"

namespace pixart {
namespace {

const std::string* field(const std::map<std::string, std::string>& fields, const char* key) {
    const auto it = fields.find(key);
    return it == fields.end() ? nullptr : &it->second;
}

}  // namespace

std::optional<GenerationMetadata> metadata_from_text_fields(
    const std::map<std::string, std::string>& fields) {
    if (const auto* s = field(fields, kPixArtMetadataKey)) {
        if (auto m = parse_pixart_json(*s)) return m;
    }
    if (const auto* s = field(fields, kA1111ParametersKey)) {
        if (auto m = parse_a1111_parameters(*s)) return m;
    }
    // TIFF ImageDescription, PNG Description / Comment, JPEG comment, EXIF UserComment: what A1111
    // and others use where there are no named text chunks.
    for (const char* key : {"ImageDescription", "Description", "Comment", "comment",
                            "Exif:UserComment", "UserComment"}) {
        if (const auto* s = field(fields, key)) {
            if (auto m = parse_pixart_json(*s)) return m;
            if (auto m = parse_a1111_parameters(*s)) return m;
        }
    }
    for (const char* key : {"invokeai_metadata", "sd-metadata"}) {
        if (const auto* s = field(fields, key)) {
            if (auto m = parse_invokeai_metadata(*s)) return m;
        }
    }
    if (const auto* s = field(fields, "prompt")) {
        if (auto m = parse_comfyui_prompt(*s)) return m;
    }
    if (const auto* s = field(fields, "workflow")) {
        if (auto m = parse_comfyui_workflow(*s)) return m;
    }
    return std::nullopt;
}

}  // namespace pixart
