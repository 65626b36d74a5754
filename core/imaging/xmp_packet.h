// A minimal XMP packet for TIFF (tag 700): dc:description (the A1111 text, for DAMs and
// Lightroom-style readers), xmp:CreatorTool, and pixart:generation (our complete JSON).
// OIIO 2.4 builds XMP only from its fixed tag table and without XML escaping, so we write our own.
#pragma once

#include <string>

namespace pixart::imaging {

std::string make_xmp_packet(const std::string& description, const std::string& generation_json,
                            const std::string& creator_tool);

// The unescaped text of the first <element>…</element> (e.g. "pixart:generation"); "" if absent.
std::string xmp_element_text(const std::string& packet, const std::string& element);

}  // namespace pixart::imaging
