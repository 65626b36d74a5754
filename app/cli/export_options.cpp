#include "export_options.h"

#include <tuple>

#include "api/errors.h"

namespace pixart::cli {

std::set<std::string> export_value_options() {
    return {"depth", "compression", "ppi",    "paper",   "bleed",    "size",
            "fit",   "cmyk",        "intent", "quality", "png-level"};
}

std::set<std::string> export_flag_options() {
    return {"landscape", "no-bpc", "no-metadata", "no-icc"};
}

#ifdef PIXART_CLI_WITH_IMAGING
ExportOptions export_options_from(const CommandLine& cl, const std::string& output) {
    ExportOptions o;
    const ImageFormat format = image_format_for_path(output);
    o.bit_depth = static_cast<int>(cl.integer("depth", 0, 8, 16));
    if (o.bit_depth != 0 && o.bit_depth != 8 && o.bit_depth != 16) {
        throw Error(ErrorKind::InvalidArgument,
                    "--depth: " + std::to_string(o.bit_depth) + " is not 8 or 16");
    }
    if (cl.has("compression")) {
        if (format != ImageFormat::Tiff)
            throw Error(ErrorKind::InvalidArgument, "--compression applies to TIFF only");
        o.compression = parse_tiff_compression(*cl.value("compression"));
    }
    if (cl.has("png-level")) {
        if (format != ImageFormat::Png)
            throw Error(ErrorKind::InvalidArgument, "--png-level applies to PNG only");
        o.png_compression_level = static_cast<int>(cl.integer("png-level", 6, 0, 9));
    }
    o.ppi = cl.number("ppi", 300.0, 1.0, 100000.0);
    if (cl.has("paper") && cl.has("size")) {
        throw Error(ErrorKind::InvalidArgument, "give --paper or --size, not both");
    }
    if (cl.has("paper")) o.paper = parse_paper_size(*cl.value("paper"));
    if (cl.has("size"))
        std::tie(o.target_width, o.target_height) = parse_pixel_size(*cl.value("size"));
    if (cl.flag("landscape") && !o.paper)
        throw Error(ErrorKind::InvalidArgument, "--landscape needs --paper");
    o.landscape = cl.flag("landscape");
    if (cl.has("bleed")) o.bleed = parse_length(*cl.value("bleed"));
    if (cl.has("fit")) o.fit = parse_fit_mode(*cl.value("fit"));
    o.cmyk_profile_path = cl.value_or("cmyk", "");
    if (cl.has("intent")) o.intent = parse_rendering_intent(*cl.value("intent"));
    o.black_point_compensation = !cl.flag("no-bpc");
    o.jpeg_quality = static_cast<int>(cl.integer("quality", 92, 1, 100));
    o.embed_metadata = !cl.flag("no-metadata");
    o.embed_icc_profile = !cl.flag("no-icc");

    return o;
}
#endif

}  // namespace pixart::cli
