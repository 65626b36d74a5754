// pixart-cli export INPUT --out OUT — print / screen export of an image: size from paper or pixels,
// Lanczos upscaling, ppi, sRGB or CMYK profile, the generation settings the input carries.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <tuple>

#include "api/errors.h"
#include "api/image_export.h"
#include "command_line.h"
#include "commands.h"
#include "export_options.h"

namespace pixart::cli {

#ifndef PIXART_CLI_WITH_IMAGING

int command_export(const Args&) {
    throw Error(ErrorKind::Unsupported,
                "export: this pixart-cli was built without imaging (configure with "
                "-DPIXART_WITH_IMAGING=ON)");
}

#else

namespace {

std::atomic<bool> g_cancel{false};

void cancel_on_signal(int) { g_cancel.store(true); }  // lock-free atomic: signal-safe

void print_help() {
    std::cout
        << "usage: pixart-cli export INPUT --out OUT.(png|tif|jpg) [options]\n\n"
           "Exports an image for print or screen: resized from the full-precision pixels\n"
           "(Lanczos-3), the resolution written into the file, an embedded sRGB profile or a\n"
           "CMYK separation, and the generation settings INPUT carries. The file appears only\n"
           "when complete; Ctrl+C cancels cleanly.\n\n"
           "  --out PATH              output file; the extension picks PNG, TIFF or JPEG\n"
           "  --depth 8|16            bits per channel (default 16; JPEG 8)\n"
           "  --compression none|lzw|deflate   TIFF compression (default lzw)\n"
           "  --png-level 0-9         PNG compression (default 6): 0 stores, 1 is fastest, 9 is\n"
           "                          smallest (16-bit rows take run-length matching at 1-8\n"
           "                          where it costs under 2 %)\n"
           "  --ppi N                 pixels per inch written into the file (default 300)\n"
           "  --paper NAME            paper size at --ppi:";
    for (const auto& p : paper_presets()) std::cout << " " << p.name;
    std::cout << ",\n"
                 "                          or WxHmm / WxHin (e.g. 200x300mm, 8x10in)\n"
                 "  --landscape             turn the paper\n"
                 "  --bleed LENGTH          extra on every side of the paper: 3mm, 0.125in\n"
                 "  --size WxH|NAME         pixel size instead of paper:";
    for (const auto& s : screen_presets()) std::cout << " " << s.name;
    std::cout
        << "\n"
           "  --fit fill|fit|pad      fill and centre-crop (default), fit inside, or fit on white\n"
           "  --cmyk PROFILE.icc      separate to CMYK with this printer profile (TIFF only)\n"
           "  --intent NAME           perceptual, relative (default), saturation, absolute\n"
           "  --no-bpc                without black-point compensation\n"
           "  --quality N             JPEG quality 1-100 (default 92)\n"
           "  --no-metadata           do not copy the generation settings\n"
           "  --no-icc                do not embed a colour profile\n"
           "  --dry-run               show what would be written, write nothing\n";
}

std::string describe(const ExportPlan& plan, const ExportOptions& options) {
    char line[256];
    std::string text;
    const char* colour = plan.channels == 4 ? "CMYK" : "RGB";
    std::snprintf(line, sizeof line, "%dx%d px, %d-bit %s %s", plan.width, plan.height,
                  plan.bit_depth, colour, image_format_name(plan.format));
    text += line;
    if (plan.format == ImageFormat::Tiff)
        text += std::string(" (") + tiff_compression_name(options.compression) + ")";
    std::snprintf(line, sizeof line, ", %g ppi = %.1f x %.1f mm", options.ppi, plan.print_width_mm,
                  plan.print_height_mm);
    text += line;
    if (plan.bleed_pixels > 0)
        text += " with " + std::to_string(plan.bleed_pixels) + " px bleed per side";
    std::snprintf(line, sizeof line, "\n  effective %.0f ppi from the source pixels",
                  plan.effective_ppi);
    text += line;
    for (const auto& note : plan.notes) text += "\n  " + note;
    return text;
}

std::string human_bytes(std::int64_t n) {
    char buffer[32];
    if (n >= (1 << 20))
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", n / double(1 << 20));
    else
        std::snprintf(buffer, sizeof buffer, "%.1f KiB", n / 1024.0);
    return buffer;
}

}  // namespace

int command_export(const Args& args) {
    auto values = export_value_options();
    values.insert("out");
    auto flags = export_flag_options();
    flags.insert({"help", "dry-run"});
    const CommandLine cl(args, values, flags);
    if (cl.flag("help")) {
        print_help();
        return 0;
    }
    if (cl.positional().size() != 1)
        throw Error(ErrorKind::InvalidArgument, "export takes one INPUT image");
    if (!cl.has("out"))
        throw Error(ErrorKind::InvalidArgument, "export needs --out OUT.png|tif|jpg");
    const std::string input = cl.positional().front();
    const std::string output = *cl.value("out");

    const ExportOptions o = export_options_from(cl, output);

    const Image image = read_image(input);
    const std::optional<GenerationMetadata> metadata = read_image_metadata(input);
    if (cl.flag("dry-run")) {
        std::cout << "would write " << output << ": "
                  << describe(plan_export(image.width, image.height, o, output), o) << "\n";
        return 0;
    }

    g_cancel = false;
    const auto previous = std::signal(SIGINT, cancel_on_signal);
    ExportResult result;
    try {
        result =
            export_image(image, metadata.value_or(GenerationMetadata{}), output, o, {}, &g_cancel);
    } catch (...) {
        std::signal(SIGINT, previous);
        throw;
    }
    std::signal(SIGINT, previous);
    char timing[64];
    std::snprintf(timing, sizeof timing, " in %.1f s", result.seconds);
    std::cout << "wrote " << output << ": " << describe(result.plan, o) << "\n  "
              << human_bytes(result.bytes) << timing << "; settings: "
              << (metadata && result.metadata_embedded
                      ? std::string("from ") + metadata_source_name(metadata->source)
                      : std::string("none"))
              << "\n";
    for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << "\n";
    return 0;
}

#endif

}  // namespace pixart::cli
