// Port of Python 3.11 html/parser.py (HTMLParser.goahead and friends, convert_charrefs=False as bs4
// sets it) and bs4 4.11 builder/_htmlparser.py (BeautifulSoupHTMLParser handlers) + element.py
// (get_text): only what decides the text.
#include "text/html_text.h"

#include <unicode/locid.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "text/html_entities.h"
#include "text/python_regex.h"
#include "text/python_string.h"

namespace pixart {
namespace {

using icu::UnicodeString;

struct Patterns {
    PythonRegex interesting_normal{"[&<]"};
    PythonRegex incomplete{"&[a-zA-Z#]"};
    PythonRegex entityref{"&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]"};
    PythonRegex charref{"&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]"};
    PythonRegex starttagopen{"<[a-zA-Z]"};
    PythonRegex commentclose{R"(--\s*>)"};
    PythonRegex tagfind_tolerant{R"(([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*)"};
    PythonRegex attrfind_tolerant{
        R"(((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*)"};
    PythonRegex locatestarttagend_tolerant{
        R"(<[a-zA-Z][^\t\n\r\f />\x00]*(?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?\s*)"};
    PythonRegex endtagfind{R"(</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>)"};
    PythonRegex declname{R"([a-zA-Z][-_.a-zA-Z0-9]*\s*)"};
    PythonRegex markedsectionclose{R"(]\s*]\s*>)"};
    PythonRegex msmarkedsectionclose{R"(]\s*>)"};
    PythonRegex cdata_script{R"(</\s*script\s*>)", true};
    PythonRegex cdata_style{R"(</\s*style\s*>)", true};
};

const Patterns& patterns() {
    static const Patterns p;
    return p;
}

// A match of `regex` starting exactly at `at` (Python's pattern.match(text, at)); -1 if none.
struct Match {
    int32_t start = -1, end = -1;
    UnicodeString group1;
    explicit operator bool() const { return start >= 0; }
};

Match match_at(const PythonRegex& regex, const UnicodeString& text, int32_t at) {
    Match result;
    auto m = regex.matcher(text);
    UErrorCode status = U_ZERO_ERROR;
    if (m->lookingAt(at, status) && U_SUCCESS(status)) {
        result.start = m->start(status);
        result.end = m->end(status);
        if (m->groupCount() >= 1 && m->start(1, status) >= 0) result.group1 = m->group(1, status);
    }
    return result;
}

// Python's pattern.search(text, at).
Match search_from(const PythonRegex& regex, const UnicodeString& text, int32_t at) {
    Match result;
    auto m = regex.matcher(text);
    UErrorCode status = U_ZERO_ERROR;
    if (at <= text.length() && m->find(at, status) && U_SUCCESS(status)) {
        result.start = m->start(status);
        result.end = m->end(status);
    }
    return result;
}

bool starts_with(const UnicodeString& text, int32_t at, const char16_t* prefix) {
    const UnicodeString p(prefix);
    return at + p.length() <= text.length() && text.compare(at, p.length(), p) == 0;
}

UnicodeString slice(const UnicodeString& text, int32_t begin, int32_t end) {
    return UnicodeString(text, begin, end - begin);
}

bool in_list(const UnicodeString& name, std::initializer_list<const char16_t*> names) {
    for (const auto* n : names) {
        if (name == UnicodeString(n)) return true;
    }
    return false;
}

class TextExtractor {
  public:
    UnicodeString run(const UnicodeString& markup) {
        raw_ = markup;
        goahead(false);  // HTMLParser.feed()
        goahead(true);   // HTMLParser.close()
        end_data();
        return text_;
    }

  private:
    // --- bs4 side: strings and the open-tag stack ------------------------------------------
    void handle_data(const UnicodeString& data) { current_data_.append(data); }

    // BeautifulSoup.endData(): a string made only of ASCII whitespace collapses to "\n" or " "
    // (outside <pre>/<textarea>); strings inside script/style/template/rt/rp are not text.
    // `cdata`: a <![CDATA[...]]> string, text wherever it stands (bs4 gives it its own class).
    void end_data(bool cdata = false) {
        if (current_data_.isEmpty()) return;
        UnicodeString data = current_data_;
        current_data_.remove();
        bool all_space = true;
        for (int32_t i = 0; i < data.length() && all_space; ++i) {
            const UChar c = data.charAt(i);
            all_space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
        }
        if (all_space && !inside({u"pre", u"textarea"}))
            data = data.indexOf(u'\n') >= 0 ? u"\n" : u" ";
        if (cdata || !inside({u"script", u"style", u"template", u"rt", u"rp"})) text_.append(data);
    }

    // Strings outside get_text()'s types (comments, declarations, PIs) are dropped.
    void drop_string() { end_data(); }

    bool inside(std::initializer_list<const char16_t*> names) const {
        for (const auto& tag : open_tags_) {
            if (in_list(tag, names)) return true;
        }
        return false;
    }

    void handle_starttag(const UnicodeString& tag, bool self_closing) {
        end_data();
        static const std::initializer_list<const char16_t*> kVoid = {
            u"area",    u"base",   u"br",     u"col",     u"embed",    u"hr",
            u"img",     u"input",  u"keygen", u"link",    u"menuitem", u"meta",
            u"param",   u"source", u"track",  u"wbr",     u"basefont", u"bgsound",
            u"command", u"frame",  u"image",  u"isindex", u"nextid",   u"spacer"};
        if (self_closing || in_list(tag, kVoid)) return;  // opened and closed at once
        open_tags_.push_back(tag);
    }

    void handle_endtag(const UnicodeString& tag) {
        end_data();
        for (size_t i = open_tags_.size(); i-- > 0;) {  // _popToTag: up to the innermost match
            if (open_tags_[i] == tag) {
                open_tags_.resize(i);
                break;
            }
        }
    }

    // BeautifulSoupHTMLParser.handle_charref: < 256 read as Windows-1252 first.
    void handle_charref(const UnicodeString& name) {
        const bool hex = name.charAt(0) == 'x' || name.charAt(0) == 'X';
        unsigned long value = 0;
        for (int32_t i = hex ? 1 : 0; i < name.length(); ++i) {
            const UChar c = name.charAt(i);
            const int d = (c >= '0' && c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10;
            value = std::min<unsigned long>(value * (hex ? 16 : 10) + static_cast<unsigned long>(d),
                                            0x110000);
        }
        UChar32 c = static_cast<UChar32>(value);
        if (value >= 0x80 && value <= 0x9F) c = python_string::windows1252_c1(c);
        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            c = 0xFFFD;  // Python: chr() fails / lone surrogate
        handle_data(UnicodeString(c));
    }

    // BeautifulSoupHTMLParser.handle_entityref: html5 names without their ';'.
    void handle_entityref(const UnicodeString& name) {
        const std::string key = python_string::to_utf8(name);
        const char32_t* value = html_entities::html5(key);
        if (value == nullptr) value = html_entities::html5(key + ";");
        if (value == nullptr) {
            handle_data(UnicodeString(u"&") + name);
            return;
        }
        UnicodeString data;
        for (; *value != 0; ++value) data.append(static_cast<UChar32>(*value));
        handle_data(data);
    }

    // --- html.parser side ---------------------------------------------------------------------
    void goahead(bool end) {
        const Patterns& p = patterns();
        const UnicodeString& raw = raw_;
        int32_t i = 0;
        const int32_t n = raw.length();
        while (i < n) {
            int32_t j;
            const PythonRegex& interesting = cdata_elem_.isEmpty()      ? p.interesting_normal
                                             : cdata_elem_ == u"script" ? p.cdata_script
                                                                        : p.cdata_style;
            if (const Match m = search_from(interesting, raw, i)) {
                j = m.start;
            } else {
                if (!cdata_elem_.isEmpty()) break;
                j = n;
            }
            if (i < j) handle_data(slice(raw, i, j));
            i = j;
            if (i == n) break;
            if (raw.charAt(i) == '<') {
                int32_t k;
                if (match_at(p.starttagopen, raw, i)) {
                    k = parse_starttag(i);
                } else if (starts_with(raw, i, u"</")) {
                    k = parse_endtag(i);
                } else if (starts_with(raw, i, u"<!--")) {
                    k = parse_comment(i);
                } else if (starts_with(raw, i, u"<?")) {
                    k = parse_pi(i);
                } else if (starts_with(raw, i, u"<!")) {
                    k = parse_html_declaration(i);
                } else if (i + 1 < n) {
                    handle_data(u"<");
                    k = i + 1;
                } else {
                    break;
                }
                if (k < 0) {
                    if (!end) break;
                    k = raw.indexOf(u'>', i + 1);
                    if (k < 0) {
                        k = raw.indexOf(u'<', i + 1);
                        if (k < 0) k = i + 1;
                    } else {
                        k += 1;
                    }
                    handle_data(slice(raw, i, k));
                }
                i = k;
            } else if (starts_with(raw, i, u"&#")) {
                if (const Match m = match_at(p.charref, raw, i)) {
                    const int32_t last = raw.moveIndex32(m.end, -1);  // the terminating character
                    handle_charref(slice(raw, m.start + 2, last));
                    const int32_t k = raw.charAt(last) == ';' ? m.end : last;
                    i = k;
                    continue;
                }
                if (slice(raw, i, n).indexOf(u';') >= 0) {  // bail by consuming "&#"
                    handle_data(slice(raw, i, i + 2));
                    i += 2;
                }
                break;
            } else {  // '&'
                if (const Match m = match_at(p.entityref, raw, i)) {
                    handle_entityref(m.group1);
                    const int32_t last = raw.moveIndex32(m.end, -1);
                    const int32_t k = raw.charAt(last) == ';' ? m.end : last;
                    i = k;
                    continue;
                }
                if (const Match m = match_at(p.incomplete, raw, i)) {
                    if (end && m.end == n) i = i + 1;  // html.parser skips the '&' here
                    break;
                }
                if (i + 1 < n) {
                    handle_data(u"&");
                    i += 1;
                } else {
                    break;
                }
            }
        }
        if (end && i < n && cdata_elem_.isEmpty()) {
            handle_data(slice(raw, i, n));
            i = n;
        }
        raw_ = slice(raw, i, n);
    }

    int32_t check_for_whole_start_tag(int32_t i) const {
        const UnicodeString& raw = raw_;
        const Match m = match_at(patterns().locatestarttagend_tolerant, raw, i);
        const int32_t j = m.end;
        if (j >= raw.length()) return -1;  // end of input
        const UChar next = raw.charAt(j);
        if (next == '>') return j + 1;
        if (next == '/') {
            if (starts_with(raw, j, u"/>")) return j + 2;
            return -1;  // "/" at the end of the buffer (the pattern ate every other "/")
        }
        if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '=' ||
            next == '/')
            return -1;
        return j > i ? j : i + 1;
    }

    int32_t parse_starttag(int32_t i) {
        const int32_t endpos = check_for_whole_start_tag(i);
        if (endpos < 0) return endpos;
        const UnicodeString& raw = raw_;
        const Patterns& p = patterns();
        const Match name = match_at(p.tagfind_tolerant, raw, i + 1);
        int32_t k = name.end;
        const UnicodeString tag = python_string::lower(name.group1);
        while (k < endpos) {
            const Match attr = match_at(p.attrfind_tolerant, raw, k);
            if (!attr) break;
            k = attr.end;
        }
        const UnicodeString rest = python_string::strip(slice(raw, k, endpos));
        if (rest != u">" && rest != u"/>") {
            handle_data(slice(raw, i, endpos));
            return endpos;
        }
        if (rest.endsWith(u"/>")) {
            handle_starttag(tag, true);  // <tag/>: start + end
        } else {
            handle_starttag(tag, false);
            if (tag == u"script" || tag == u"style") cdata_elem_ = tag;
        }
        return endpos;
    }

    int32_t parse_endtag(int32_t i) {
        const UnicodeString& raw = raw_;
        const Patterns& p = patterns();
        const int32_t gt = raw.indexOf(u'>', i + 1);
        if (gt < 0) return -1;
        const int32_t gtpos = gt + 1;
        const Match whole = match_at(p.endtagfind, raw, i);
        if (!whole) {
            if (!cdata_elem_.isEmpty()) {
                handle_data(slice(raw, i, gtpos));
                return gtpos;
            }
            const Match name = match_at(p.tagfind_tolerant, raw, i + 2);
            if (!name) {
                if (starts_with(raw, i, u"</>")) return i + 3;
                return parse_bogus_comment(i);
            }
            const UnicodeString tag = python_string::lower(name.group1);
            const int32_t close = raw.indexOf(u'>', name.end);
            handle_endtag(tag);
            return close + 1;
        }
        const UnicodeString element = python_string::lower(whole.group1);
        if (!cdata_elem_.isEmpty() && element != cdata_elem_) {
            handle_data(slice(raw, i, gtpos));
            return gtpos;
        }
        handle_endtag(element);
        cdata_elem_.remove();
        return gtpos;
    }

    int32_t parse_comment(int32_t i) {
        const Match close = search_from(patterns().commentclose, raw_, i + 4);
        if (!close) return -1;
        drop_string();
        return close.end;
    }

    int32_t parse_bogus_comment(int32_t i) {
        const int32_t pos = raw_.indexOf(u'>', i + 2);
        if (pos < 0) return -1;
        drop_string();
        return pos + 1;
    }

    int32_t parse_pi(int32_t i) {
        const int32_t pos = raw_.indexOf(u'>', i + 2);
        if (pos < 0) return -1;
        drop_string();
        return pos + 1;
    }

    int32_t parse_html_declaration(int32_t i) {
        const UnicodeString& raw = raw_;
        if (starts_with(raw, i, u"<![")) return parse_marked_section(i);
        if (python_string::lower(slice(raw, i, std::min(i + 9, raw.length()))) == u"<!doctype") {
            const int32_t gt = raw.indexOf(u'>', i + 9);
            if (gt < 0) return -1;
            drop_string();
            return gt + 1;
        }
        return parse_bogus_comment(i);
    }

    // _markupbase.parse_marked_section: <![CDATA[...]]> is text, other sections are not.
    int32_t parse_marked_section(int32_t i) {
        const UnicodeString& raw = raw_;
        const Patterns& p = patterns();
        if (i + 3 >= raw.length()) return -1;
        const Match name = match_at(p.declname, raw, i + 3);
        if (!name) return parse_bogus_comment(i);  // Python raises here; a prompt must not fail
        if (name.end == raw.length()) return -1;   // name runs to the end of the buffer
        const UnicodeString section =
            python_string::lower(python_string::strip(slice(raw, name.start, name.end)));
        const bool bracketed =
            in_list(section, {u"temp", u"cdata", u"ignore", u"include", u"rcdata"});
        const bool conditional = in_list(section, {u"if", u"else", u"endif"});
        if (!bracketed && !conditional) return parse_bogus_comment(i);  // Python raises here too
        const Match close =
            search_from(bracketed ? p.markedsectionclose : p.msmarkedsectionclose, raw, i + 3);
        if (!close) return -1;
        const UnicodeString body = slice(raw, i + 3, close.start);
        end_data();
        UnicodeString head = UnicodeString(body, 0, 6);
        head.toUpper(icu::Locale::getRoot());
        if (head == u"CDATA[") {  // a CData string: part of the text
            handle_data(UnicodeString(body, 6));
            end_data(true);
        }
        return close.end;
    }

    UnicodeString raw_;
    UnicodeString current_data_;
    UnicodeString text_;
    UnicodeString cdata_elem_;
    std::vector<UnicodeString> open_tags_;
};

}  // namespace

icu::UnicodeString html_to_text(const icu::UnicodeString& markup) {
    return TextExtractor().run(markup);
}

}  // namespace pixart
