// pixart-cli generate — prompt(s) → image(s), the same core the studio uses.
#include <cstdio>
#include <iostream>
#include <limits>

#include "api/engine.h"
#include "api/errors.h"
#include "api/generation_metadata.h"
#include "command_line.h"
#include "commands.h"
#include "engine_options.h"
#include "export_options.h"
#include "image_output.h"
#include "lora_options.h"
#include "progress_printer.h"
#include "signal_cancel.h"

namespace pixart::cli {
namespace {

const char* const kUsage =
    "usage: pixart-cli generate --model MODEL --prompt TEXT [--prompt TEXT ...]\n"
    "         [--negative-prompt TEXT] [--seed N] [--steps N] [--guidance F]\n"
    "         [--width W] [--height H] [--no-resolution-binning] [--images-per-prompt N]\n"
    "         [--clean-caption] [--sampler NAME] [engine and memory options below]\n"
    "         [--init-image FILE [--strength S]] [--lora FILE[:STRENGTH] ...]\n"
    "         [--out PATH] [--dump FILE.safetensors]\n\n"
    "Defaults as diffusers' PixArtSigmaPipeline: 20 steps, guidance 4.5, resolution binning on,\n"
    "negative prompt \"\", the model's native size. --out writes 8-bit PNG with A1111\n"
    "'parameters' (several images get _0, _1, ... suffixes); .tif/.jpg and every output option\n"
    "of `pixart-cli export` work too (--depth, --ppi, --paper, --cmyk, ...). Without --out the\n"
    "image goes to NNNN-seedS.png in the current folder (the next free number), or nowhere with\n"
    "--dump, which writes every intermediate tensor.\n"
    "--init-image starts from a picture (PNG, TIFF, JPEG, ...: image-to-image): it is encoded,\n"
    "noised and the last S x steps of the schedule run on it (--strength, 0 < S <= 1, default\n"
    "0.8). Without --width/--height the picture's size is used; another size of the same aspect\n"
    "ratio resizes it (Lanczos), another aspect ratio is refused.\n"
    "--lora merges a LoRA (PEFT/diffusers, kohya, LyCORIS LoHa/LoKr) into the transformer at\n"
    "STRENGTH (default 1, negative allowed); repeat it for several.\n\n";

}  // namespace

int command_generate(const Args& args) {
    auto values = export_value_options();
    values.merge(engine_value_options());
    values.insert({"model", "prompt", "negative-prompt", "seed", "steps", "guidance", "width",
                   "height", "images-per-prompt", "sampler", "out", "dump", "init-image",
                   "strength", "lora"});
    auto flags = export_flag_options();
    flags.merge(engine_flag_options());
    flags.insert({"help", "no-resolution-binning", "clean-caption"});
    const CommandLine cl(args, values, flags);
    if (cl.flag("help")) {
        std::cout << kUsage;
        // The samplers this build has, by id, with the names other tools give them.
        std::cout << "Samplers (--sampler):";
        for (const auto& name : Engine::samplers())
            std::cout << "\n  " << name << "  (" << sampler_display_name(name) << ")";
        std::cout << "\n\n" << kEngineOptionsUsage;
        return 0;
    }
    cl.reject_positional();
    const std::string model = cl.required("model", "MODEL");
    cl.required("prompt", "TEXT");

    GenerationRequest request;
    request.prompts = cl.values("prompt");
    request.negative_prompt = cl.value_or("negative-prompt", "");
    request.seed = cl.seed("seed", 0);
    request.steps = static_cast<int>(cl.integer("steps", 20, 1, 1000));
    request.guidance_scale = cl.number("guidance", 4.5, 0.0, 100.0);
    request.width = static_cast<int>(cl.integer("width", 0, 1, 8192));
    request.height = static_cast<int>(cl.integer("height", 0, 1, 8192));
    request.resolution_binning = !cl.flag("no-resolution-binning");
    request.images_per_prompt = static_cast<int>(cl.integer("images-per-prompt", 1, 1, 64));
    request.clean_caption = cl.flag("clean-caption");
    request.sampler = cl.value_or("sampler", request.sampler);
    const auto strength = cl.value("strength");
    if (strength && !cl.value("init-image"))
        throw Error(ErrorKind::InvalidArgument, "--strength needs --init-image");
    request.strength = cl.number("strength", request.strength, 0.0, 1.0);
    if (cl.has("init-image")) check_strength(request.steps, request.strength);

    const EngineOptions options = engine_options_from(cl);
    // Without --out the images go to NNNN-seedS.png in the current folder (a --dump alone
    // writes only the tensors); the path is printed either way.
    auto out = cl.value("out");
    if (!out && !cl.has("dump")) out = default_output_path(".", request.seed);
    if (out) check_output_options(cl, *out);

    for (const auto& text : cl.values("lora")) request.loras.push_back(parse_lora(text));
    check_request(request);
    // The picture is read (and refused) before the model loads.
    if (const auto init = cl.value("init-image")) {
        request.init_image = read_cli_init_image(*init);
        check_request(request);
    }
    auto engine = Engine::open(model, options);
    ProgressPrinter printer;
    const GenerationCallbacks callbacks = printer.callbacks();
    const auto dump = cl.value("dump");
    const SignalCancel signals;  // Ctrl+C: stop between steps (exit 7), never mid-write
    const GenerationResult result =
        dump ? engine->generate_and_dump(request, *dump, callbacks, signals.token())
             : engine->generate(request, callbacks, signals.token());
    std::fprintf(stderr, "generated %zu image(s) at %dx%d in %.2f s\n", result.images.size(),
                 result.generated_width, result.generated_height, result.seconds);
    if (dump) std::fprintf(stderr, "wrote %s\n", dump->c_str());
    if (out) {
        for (const auto& path : write_generated_images(cl, *out, result, request, engine->info())) {
            std::printf("%s\n", path.c_str());
        }
    }
    return 0;
}

}  // namespace pixart::cli
