// A1111 infotext exactly as PRODUCT.md specifies it, our JSON, and the readers for what other
// studios write (A1111 / Forge, ComfyUI prompt + workflow, InvokeAI).
#include <gtest/gtest.h>

#include <climits>

#include <limits>

#include "api/errors.h"
#include "api/generation_metadata.h"

namespace pixart {
namespace {

GenerationMetadata cactus() {
    GenerationMetadata m;
    m.prompt = "a small cactus with a happy face in the sahara desert";
    m.seed = 42;
    m.steps = 20;
    m.guidance_scale = 4.5;
    m.sampler = "dpm++2m";
    m.width = 1024;
    m.height = 1024;
    m.model = "PixArt-Sigma-XL-2-1024-MS";
    return m;
}

TEST(A1111Parameters, DefaultsMatchProductSpecExactly) {
    EXPECT_EQ(to_a1111_parameters(cactus()),
              "a small cactus with a happy face in the sahara desert\n"
              "Steps: 20, Sampler: DPM++ 2M, CFG scale: 4.5, Seed: 42, Size: 1024x1024, "
              "Model: PixArt-Sigma-XL-2-1024-MS, RNG: CPU");
}

TEST(A1111Parameters, NegativePromptLineOnlyWhenNonEmpty) {
    GenerationMetadata m = cactus();
    m.negative_prompt = "blurry, low quality";
    EXPECT_EQ(to_a1111_parameters(m),
              "a small cactus with a happy face in the sahara desert\n"
              "Negative prompt: blurry, low quality\n"
              "Steps: 20, Sampler: DPM++ 2M, CFG scale: 4.5, Seed: 42, Size: 1024x1024, "
              "Model: PixArt-Sigma-XL-2-1024-MS, RNG: CPU");
}

TEST(A1111Parameters, ValuesWithCommaColonOrNewlineAreJsonStrings) {
    GenerationMetadata m = cactus();
    m.model = "my,model";
    m.guidance_scale = 7.0;  // Python repr keeps ".0"
    m.extra["Note"] = "caf\xC3\xA9: \"quoted\"\nline";
    EXPECT_EQ(to_a1111_parameters(m),
              "a small cactus with a happy face in the sahara desert\n"
              "Steps: 20, Sampler: DPM++ 2M, CFG scale: 7.0, Seed: 42, Size: 1024x1024, "
              "Model: \"my,model\", RNG: CPU, Note: \"caf\xC3\xA9: \\\"quoted\\\"\\nline\"");
}

TEST(A1111Parameters, NonDefaultSettingsFollowRng) {
    GenerationMetadata m = cactus();
    m.batch_size = 4;
    m.batch_index = 2;
    m.clean_caption = true;
    m.resolution_binning = false;
    m.max_sequence_length = 120;
    const std::string text = to_a1111_parameters(m);
    EXPECT_NE(text.find("RNG: CPU, Batch size: 4, Batch pos: 2, Clean caption: True, "
                        "Resolution binning: False, Max sequence length: 120"),
              std::string::npos)
        << text;
}

TEST(A1111Parameters, RoundTripKeepsEveryWrittenField) {
    GenerationMetadata m = cactus();
    m.prompt =
        "\xE4\xB8\x80\xE5\x8F\xAA\xE5\x8F\xAF\xE7\x88\xB1\xE7\x9A\x84\xE7\x8C\xAB, "
        "watercolor\nsecond line: with colon";
    m.negative_prompt = "ugly\nextra fingers";
    m.seed = std::numeric_limits<std::uint64_t>::max();
    m.guidance_scale = 3.25;
    m.model = "dir/model: v2, fp16";
    m.batch_size = 2;
    m.batch_index = 1;
    m.clean_caption = true;
    const auto parsed = parse_a1111_parameters(to_a1111_parameters(m));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->source, MetadataSource::A1111);
    EXPECT_EQ(parsed->prompt, m.prompt);
    EXPECT_EQ(parsed->negative_prompt, m.negative_prompt);
    EXPECT_EQ(parsed->seed, m.seed);
    EXPECT_EQ(parsed->steps, 20);
    EXPECT_DOUBLE_EQ(parsed->guidance_scale, 3.25);
    EXPECT_EQ(parsed->sampler, "dpm++2m");
    EXPECT_EQ(parsed->width, 1024);
    EXPECT_EQ(parsed->height, 1024);
    EXPECT_EQ(parsed->model, m.model);
    EXPECT_EQ(parsed->rng, "CPU");
    EXPECT_EQ(parsed->batch_size, 2);
    EXPECT_EQ(parsed->batch_index, 1);
    EXPECT_TRUE(parsed->clean_caption);
    EXPECT_TRUE(parsed->extra.empty());
}

TEST(A1111Parameters, ReadsWhatA1111AndForgeWrite) {
    const std::string text =
        "masterpiece, 1girl, (detailed:1.2)\n"
        "Negative prompt: lowres, bad anatomy\n"
        "Steps: 28, Sampler: Euler a, Schedule type: Karras, CFG scale: 7, Seed: 1234567890, "
        "Size: 832x1216, Model hash: 31e35c80fc, Model: sd_xl_base_1.0, "
        "Lora hashes: \"detail: 1a2b, style: 3c4d\", Version: v1.9.4";
    const auto m = parse_a1111_parameters(text);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->prompt, "masterpiece, 1girl, (detailed:1.2)");
    EXPECT_EQ(m->negative_prompt, "lowres, bad anatomy");
    EXPECT_EQ(m->steps, 28);
    EXPECT_EQ(m->sampler, "euler_a");
    EXPECT_DOUBLE_EQ(m->guidance_scale, 7.0);
    EXPECT_EQ(m->seed, 1234567890u);
    EXPECT_EQ(m->width, 832);
    EXPECT_EQ(m->height, 1216);
    EXPECT_EQ(m->model, "sd_xl_base_1.0");
    EXPECT_EQ(m->rng, "");
    EXPECT_EQ(m->extra.at("Schedule type"), "Karras");
    EXPECT_EQ(m->extra.at("Model hash"), "31e35c80fc");
    EXPECT_EQ(m->extra.at("Lora hashes"), "detail: 1a2b, style: 3c4d");
    EXPECT_EQ(m->extra.at("Version"), "v1.9.4");
}

TEST(A1111Parameters, TextWithoutAParameterLineIsNotInfotext) {
    EXPECT_FALSE(parse_a1111_parameters(""));
    EXPECT_FALSE(parse_a1111_parameters("just a caption of a photo"));
    EXPECT_FALSE(parse_a1111_parameters("a prompt\nSteps: 20, Seed: 1"));  // fewer than 3 pairs
    EXPECT_FALSE(parse_a1111_parameters("a prompt\nA: 1, B: 2, C: 3"));    // no key of ours
}

TEST(A1111Parameters, UnparsableKnownValuesAreKeptAsExtra) {
    const auto m = parse_a1111_parameters("p\nSteps: many, Seed: 5, CFG scale: 2.5");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->steps, 20);  // default kept
    EXPECT_EQ(m->extra.at("Steps"), "many");
    EXPECT_EQ(m->seed, 5u);
}

TEST(PixArtJson, RoundTripsEveryField) {
    GenerationMetadata m = cactus();
    m.negative_prompt = "n\xC3\xA9gatif";
    m.seed = (1ull << 63) + 5;
    m.resolution_binning = false;
    m.clean_caption = true;
    m.max_sequence_length = 200;
    m.images_per_prompt = 3;
    m.batch_size = 6;
    m.batch_index = 4;
    m.duration_seconds = 12.5;
    m.created = "2024-06-01T12:00:00Z";
    m.software = "PixArt Studio 0.1.0";
    m.extra["Schedule type"] = "Karras";
    const auto parsed = parse_pixart_json(to_json(m));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->source, MetadataSource::PixArtStudio);
    EXPECT_EQ(to_json(*parsed), to_json(m));
    EXPECT_EQ(parsed->seed, m.seed);
    EXPECT_EQ(parsed->batch_index, 4);
    EXPECT_FALSE(parsed->resolution_binning);
}

// 4294967298 steps read as an int wrapped to 2, a valid count: now it saturates, and the
// request's checks refuse it.
TEST(PixArtJson, IntegersSaturateInsteadOfWrapping) {
    const auto m = parse_pixart_json(
        R"({"format": "pixart-studio", "steps": 4294967298, "width": -4294967296, "height": 9223372036854775807})");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->steps, INT_MAX);
    EXPECT_EQ(m->width, INT_MIN);
    EXPECT_EQ(m->height, INT_MAX);
}

TEST(PixArtJson, RejectsOtherJsonAndGarbage) {
    EXPECT_FALSE(parse_pixart_json("{\"prompt\": \"x\"}"));
    EXPECT_FALSE(parse_pixart_json("{\"format\": \"other\"}"));
    EXPECT_FALSE(parse_pixart_json("not json"));
    EXPECT_FALSE(parse_pixart_json("[1, 2]"));
    // Wrong types are skipped, not trusted.
    const auto m =
        parse_pixart_json("{\"format\": \"pixart-studio\", \"steps\": \"ten\", \"seed\": 7}");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->steps, 20);
    EXPECT_EQ(m->seed, 7u);
}

constexpr const char* kComfyPrompt = R"({
  "3": {"class_type": "KSampler", "inputs": {"seed": 156680208700286, "steps": 20, "cfg": 8.0,
        "sampler_name": "dpmpp_2m", "scheduler": "karras", "denoise": 1.0,
        "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
  "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "PixArt-Sigma-XL-2-1024-MS.safetensors"}},
  "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 896, "height": 1152, "batch_size": 2}},
  "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "beautiful scenery nature glass bottle", "clip": ["4", 1]}},
  "7": {"class_type": "CLIPTextEncode", "inputs": {"text": ["10", 0], "clip": ["4", 1]}},
  "10": {"class_type": "PrimitiveString", "inputs": {"value": "text, watermark"}},
  "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}}
})";

TEST(ComfyUi, PromptGraphFollowsLinksFromTheSampler) {
    const auto m = parse_comfyui_prompt(kComfyPrompt);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->source, MetadataSource::ComfyUI);
    EXPECT_EQ(m->prompt, "beautiful scenery nature glass bottle");
    EXPECT_EQ(m->negative_prompt, "text, watermark");
    EXPECT_EQ(m->seed, 156680208700286u);
    EXPECT_EQ(m->steps, 20);
    EXPECT_DOUBLE_EQ(m->guidance_scale, 8.0);
    EXPECT_EQ(m->sampler, "dpm++2m_karras");  // dpmpp_2m on the karras schedule
    EXPECT_EQ(m->extra.at("Schedule type"), "karras");
    EXPECT_EQ(m->width, 896);
    EXPECT_EQ(m->height, 1152);
    EXPECT_EQ(m->batch_size, 2);
    EXPECT_EQ(m->model, "PixArt-Sigma-XL-2-1024-MS.safetensors");
}

TEST(ComfyUi, WorkflowGraphWithUnnamedWidgets) {
    const std::string workflow = R"({
      "nodes": [
        {"id": 3, "type": "KSampler", "inputs": [
            {"name": "model", "type": "MODEL", "link": 1}, {"name": "positive", "type": "CONDITIONING", "link": 4},
            {"name": "negative", "type": "CONDITIONING", "link": 6}, {"name": "latent_image", "type": "LATENT", "link": 2}],
         "widgets_values": [42, "fixed", 14, 4.5, "euler_ancestral", "normal", 1]},
        {"id": 4, "type": "CheckpointLoaderSimple", "inputs": [], "widgets_values": ["pixart.safetensors"]},
        {"id": 5, "type": "EmptyLatentImage", "inputs": [], "widgets_values": [1024, 768, 1]},
        {"id": 6, "type": "CLIPTextEncode", "inputs": [{"name": "clip", "type": "CLIP", "link": 3}], "widgets_values": ["a red fox"]},
        {"id": 7, "type": "CLIPTextEncode", "inputs": [{"name": "clip", "type": "CLIP", "link": 5}], "widgets_values": ["blurry"]}
      ],
      "links": [[1, 4, 0, 3, 0, "MODEL"], [2, 5, 0, 3, 3, "LATENT"], [3, 4, 1, 6, 0, "CLIP"],
                [4, 6, 0, 3, 1, "CONDITIONING"], [5, 4, 1, 7, 0, "CLIP"], [6, 7, 0, 3, 2, "CONDITIONING"]]
    })";
    const auto m = parse_comfyui_workflow(workflow);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->prompt, "a red fox");
    EXPECT_EQ(m->negative_prompt, "blurry");
    EXPECT_EQ(m->seed, 42u);
    EXPECT_EQ(m->steps, 14);
    EXPECT_DOUBLE_EQ(m->guidance_scale, 4.5);
    EXPECT_EQ(m->sampler, "euler_a");
    EXPECT_EQ(m->width, 1024);
    EXPECT_EQ(m->height, 768);
    EXPECT_EQ(m->model, "pixart.safetensors");
}

TEST(ComfyUi, GraphsWithoutASamplerAreNotMetadata) {
    EXPECT_FALSE(parse_comfyui_prompt(
        "{\"1\": {\"class_type\": \"LoadImage\", \"inputs\": {\"image\": \"a.png\"}}}"));
    EXPECT_FALSE(parse_comfyui_prompt("a photo of a cat"));
    EXPECT_FALSE(parse_comfyui_workflow("{\"nodes\": 3}"));
}

TEST(InvokeAi, ReadsVersion3And2Metadata) {
    const auto v3 = parse_invokeai_metadata(R"({"generation_mode": "txt2img",
        "positive_prompt": "a lighthouse at dusk", "negative_prompt": "people", "width": 1024,
        "height": 576, "seed": 3141592653, "rand_device": "cpu", "cfg_scale": 6.5, "steps": 30,
        "scheduler": "dpmpp_2m", "model": {"key": "abc", "name": "PixArt Sigma", "base": "any"}})");
    ASSERT_TRUE(v3);
    EXPECT_EQ(v3->source, MetadataSource::InvokeAI);
    EXPECT_EQ(v3->prompt, "a lighthouse at dusk");
    EXPECT_EQ(v3->negative_prompt, "people");
    EXPECT_EQ(v3->seed, 3141592653u);
    EXPECT_EQ(v3->steps, 30);
    EXPECT_DOUBLE_EQ(v3->guidance_scale, 6.5);
    EXPECT_EQ(v3->sampler, "dpm++2m");
    EXPECT_EQ(v3->width, 1024);
    EXPECT_EQ(v3->height, 576);
    EXPECT_EQ(v3->model, "PixArt Sigma");
    EXPECT_EQ(v3->rng, "CPU");

    const auto v2 = parse_invokeai_metadata(R"({"model_weights": "stable-diffusion-1.5",
        "image": {"prompt": [{"prompt": "an old castle", "weight": 1.0}], "seed": 7, "steps": 50,
                  "cfg_scale": 7.5, "sampler": "k_lms", "width": 512, "height": 512}})");
    ASSERT_TRUE(v2);
    EXPECT_EQ(v2->prompt, "an old castle");
    EXPECT_EQ(v2->model, "stable-diffusion-1.5");
    EXPECT_EQ(v2->steps, 50);
    EXPECT_FALSE(parse_invokeai_metadata("{\"something\": 1}"));
}

// Found by fuzz_invokeai_metadata: a float far outside int's range was cast (undefined
// behaviour). Numbers are saturated, never wrapped or cast blindly, so the request checks refuse
// them with a message.
TEST(InvokeAi, HugeAndFractionalNumbersAreSaturated) {
    const auto m = parse_invokeai_metadata(
        R"({"positive_prompt": "x", "steps": 3.1e63, "width": -1e300, "height": 512.9,
            "cfg_scale": 4.5})");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->steps, INT_MAX);
    EXPECT_EQ(m->width, INT_MIN);
    EXPECT_EQ(m->height, 512);
    EXPECT_DOUBLE_EQ(m->guidance_scale, 4.5);
    const auto comfy = parse_comfyui_prompt(R"({
      "1": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 99999999999, "cfg": 4.5,
            "positive": ["2", 0], "negative": ["2", 0], "latent_image": ["3", 0]}},
      "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "a fox"}},
      "3": {"class_type": "EmptyLatentImage",
            "inputs": {"width": 4294967808, "height": -4294966784, "batch_size": 1}}})");
    ASSERT_TRUE(comfy);
    EXPECT_EQ(comfy->steps, INT_MAX);
    EXPECT_EQ(comfy->width, INT_MAX);
    EXPECT_EQ(comfy->height, INT_MIN);
}

TEST(SamplerNames, KarrasMapsBothWays) {
    EXPECT_EQ(sampler_display_name("dpm++2m_karras"), "DPM++ 2M Karras");
    EXPECT_EQ(sampler_id_from_name("DPM++ 2M Karras"), "dpm++2m_karras");
    EXPECT_EQ(sampler_id_from_name("dpmpp_2m_k"), "dpm++2m_karras");  // InvokeAI
    EXPECT_EQ(sampler_id_with_schedule("dpm++2m", "Karras"), "dpm++2m_karras");
    EXPECT_EQ(sampler_id_with_schedule("dpm++2m", "normal"), "dpm++2m");
    EXPECT_EQ(sampler_id_with_schedule("euler", "karras"), "euler");
    // A1111 >= 1.9 and ours round-trip.
    const auto newer = parse_a1111_parameters(
        "a fox\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 4.5, Seed: 1, "
        "Size: 512x512");
    ASSERT_TRUE(newer);
    EXPECT_EQ(newer->sampler, "dpm++2m_karras");
    GenerationMetadata ours = cactus();
    ours.sampler = "dpm++2m_karras";
    EXPECT_EQ(parse_a1111_parameters(to_a1111_parameters(ours))->sampler, "dpm++2m_karras");
}

TEST(TextFields, PreferOursThenA1111ThenOthers) {
    GenerationMetadata ours = cactus();
    ours.clean_caption = true;
    GenerationMetadata theirs = cactus();
    theirs.prompt = "from parameters";
    const auto both = metadata_from_text_fields({{"parameters", to_a1111_parameters(theirs)},
                                                 {"pixart-studio", to_json(ours)},
                                                 {"prompt", kComfyPrompt}});
    ASSERT_TRUE(both);
    EXPECT_EQ(both->source, MetadataSource::PixArtStudio);
    EXPECT_TRUE(both->clean_caption);

    const auto a1111 = metadata_from_text_fields({{"parameters", to_a1111_parameters(theirs)},
                                                  {"pixart-studio", "{broken"},
                                                  {"prompt", kComfyPrompt}});
    ASSERT_TRUE(a1111);
    EXPECT_EQ(a1111->prompt, "from parameters");

    const auto comfy = metadata_from_text_fields({{"prompt", kComfyPrompt}, {"workflow", "{}"}});
    ASSERT_TRUE(comfy);
    EXPECT_EQ(comfy->source, MetadataSource::ComfyUI);

    const auto description =
        metadata_from_text_fields({{"ImageDescription", to_a1111_parameters(theirs)}});
    ASSERT_TRUE(description);
    EXPECT_EQ(description->prompt, "from parameters");

    EXPECT_FALSE(
        metadata_from_text_fields({{"Software", "GIMP"}, {"ImageDescription", "holiday photo"}}));
    EXPECT_FALSE(metadata_from_text_fields({}));
}

TEST(SamplerNames, MapBetweenTools) {
    EXPECT_EQ(sampler_display_name("dpm++2m"), "DPM++ 2M");
    EXPECT_EQ(sampler_display_name("my-own"), "my-own");
    EXPECT_EQ(sampler_id_from_name("DPM++ 2M"), "dpm++2m");
    EXPECT_EQ(sampler_id_from_name("dpmpp_2m"), "dpm++2m");
    EXPECT_EQ(sampler_id_from_name("euler_ancestral"), "euler_a");
    EXPECT_EQ(sampler_id_from_name("Euler a"), "euler_a");
    EXPECT_EQ(sampler_id_from_name("Weird Sampler"), "Weird Sampler");
}

TEST(RequestConversion, BatchPositionAndRegeneration) {
    GenerationRequest request;
    request.prompts = {"first", "second"};
    request.images_per_prompt = 3;
    request.seed = 9;
    request.width = 512;
    request.height = 768;
    request.clean_caption = true;
    const GenerationMetadata m = metadata_for(request, 1, 2, "tiny");
    EXPECT_EQ(m.prompt, "second");
    EXPECT_EQ(m.batch_size, 6);
    EXPECT_EQ(m.batch_index, 5);
    EXPECT_EQ(m.model, "tiny");
    EXPECT_EQ(m.created.size(), 20u);  // 2024-06-01T12:00:00Z
    EXPECT_EQ(m.software.rfind("PixArt Studio ", 0), 0u);

    const GenerationRequest again = request_from_metadata(m);
    ASSERT_EQ(again.prompts.size(), 1u);
    EXPECT_EQ(again.prompts[0], "second");
    EXPECT_EQ(again.images_per_prompt, 1);  // one image, with its noise from the batch's draw
    EXPECT_EQ(again.noise_batch_size, 6);
    EXPECT_EQ(again.noise_batch_index, 5);
    EXPECT_EQ(again.seed, 9u);
    EXPECT_EQ(again.width, 512);
    EXPECT_TRUE(again.clean_caption);
    // The regenerated image's metadata names the same place in the same batch, so it can be
    // regenerated again.
    const GenerationMetadata again_metadata = metadata_for(again, 0, 0, "tiny");
    EXPECT_EQ(again_metadata.batch_size, 6);
    EXPECT_EQ(again_metadata.batch_index, 5);
    // An image of a batch of one needs no noise batch.
    GenerationMetadata single = m;
    single.batch_size = 1;
    single.batch_index = 0;
    EXPECT_EQ(request_from_metadata(single).noise_batch_size, 0);

    try {
        metadata_for(request, 2, 0, "tiny");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    }
    EXPECT_THROW(metadata_for(request, 0, 3, "tiny"), Error);
}

}  // namespace
}  // namespace pixart

TEST(GenerationMetadata, LorasRoundTripThroughOurJsonAndA1111Text) {
    pixart::GenerationRequest request;
    request.prompts = {"a lighthouse at dusk"};
    request.loras = {{"/loras/oil paint.safetensors", 0.8,
                      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
                     {"/loras/no-hash.safetensors", -0.5, ""}};
    const pixart::GenerationMetadata m = pixart::metadata_for(request, 0, 0, "tiny");
    ASSERT_EQ(m.loras.size(), 2u);

    const auto json = pixart::parse_pixart_json(pixart::to_json(m));
    ASSERT_TRUE(json.has_value());
    ASSERT_EQ(json->loras.size(), 2u);
    EXPECT_EQ(json->loras[0].path, "/loras/oil paint.safetensors");
    EXPECT_EQ(json->loras[0].strength, 0.8);
    EXPECT_EQ(json->loras[0].sha256, request.loras[0].sha256);
    EXPECT_EQ(json->loras[1].strength, -0.5);
    EXPECT_NE(pixart::to_json(m).find("\"autov2\":\"0123456789\""), std::string::npos);

    // A1111: tags after the prompt, short hashes; read back, the prompt has no tags.
    const std::string text = pixart::to_a1111_parameters(m);
    EXPECT_NE(text.find("a lighthouse at dusk <lora:oil paint:0.8> <lora:no-hash:-0.5>"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Lora hashes: \"oil paint: 0123456789\""), std::string::npos) << text;
    const auto a1111 = pixart::parse_a1111_parameters(text);
    ASSERT_TRUE(a1111.has_value());
    EXPECT_EQ(a1111->prompt, "a lighthouse at dusk");
    ASSERT_EQ(a1111->loras.size(), 2u);
    EXPECT_EQ(a1111->loras[0].path, "oil paint");
    EXPECT_EQ(a1111->loras[0].strength, 0.8);
    EXPECT_EQ(a1111->loras[0].sha256, "0123456789");
    EXPECT_EQ(a1111->loras[1].path, "no-hash");
    EXPECT_EQ(a1111->loras[1].strength, -0.5);
    EXPECT_EQ(a1111->extra.count("Lora hashes"), 0u);
    // Use again keeps them.
    EXPECT_EQ(pixart::request_from_metadata(*json).loras.size(), 2u);
}
