#include "imaging/xmp_packet.h"

#include <cstdlib>

namespace pixart::imaging {
namespace {

std::string escape(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\r':
                out += "&#13;";
                break;  // XML would normalise a bare CR away
            case '\t':
            case '\n':
                out += c;
                break;
            default:
                // Other control characters are not allowed in XML 1.0, not even as references:
                // one made the whole packet ill-formed. U+FFFD stands in for each.
                if (static_cast<unsigned char>(c) < 0x20) out += "\xEF\xBF\xBD";
                else out += c;
        }
    }
    return out;
}

void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xc0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += char(0xe0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x110000) {
        out += char(0xf0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3f));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    }
}

std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const auto semi = text.find(';', i);
        if (semi == std::string::npos) {
            out += text[i];
            continue;
        }
        const std::string name = text.substr(i + 1, semi - i - 1);
        if (name == "amp")
            out += '&';
        else if (name == "lt")
            out += '<';
        else if (name == "gt")
            out += '>';
        else if (name == "quot")
            out += '"';
        else if (name == "apos")
            out += '\'';
        else if (!name.empty() && name[0] == '#') {
            const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
            append_utf8(out, std::strtoul(name.c_str() + (hex ? 2 : 1), nullptr, hex ? 16 : 10));
        } else {
            out += text.substr(i, semi - i + 1);
        }
        i = semi;
    }
    return out;
}

}  // namespace

std::string make_xmp_packet(const std::string& description, const std::string& generation_json,
                            const std::string& creator_tool) {
    std::string x;
    x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n";
    x += "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n";
    x += " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";
    x += "  <rdf:Description rdf:about=\"\"\n";
    x += "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n";
    x += "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n";
    x += "    xmlns:pixart=\"urn:pixart-studio:metadata:1\">\n";
    if (!creator_tool.empty())
        x += "   <xmp:CreatorTool>" + escape(creator_tool) + "</xmp:CreatorTool>\n";
    if (!description.empty()) {
        x += "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escape(description) +
             "</rdf:li></rdf:Alt></dc:description>\n";
    }
    if (!generation_json.empty()) {
        x += "   <pixart:generation>" + escape(generation_json) + "</pixart:generation>\n";
    }
    x += "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    return x;
}

std::string xmp_element_text(const std::string& packet, const std::string& element) {
    const std::string open = "<" + element + ">";
    const std::string close = "</" + element + ">";
    const auto begin = packet.find(open);
    if (begin == std::string::npos) return {};
    const auto end = packet.find(close, begin + open.size());
    if (end == std::string::npos) return {};
    return unescape(packet.substr(begin + open.size(), end - begin - open.size()));
}

}  // namespace pixart::imaging
