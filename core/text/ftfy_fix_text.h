// Port of ftfy 6.2.3 fix_text() with its default config, as diffusers' _clean_caption calls it.
// Ported fixers (in ftfy's order, repeated until the text stops changing, per line):
// unescape_html ("auto": off from the first line containing '<' on), fix_c1_controls,
// fix_latin_ligatures, fix_character_width, uncurl_quotes, fix_line_breaks,
// remove_terminal_escapes, remove_control_chars, NFC.
// Approximated: fix_encoding (ftfy's mojibake detection, e.g. "sÃ³" -> "só") is not ported; such
// text is left as it is. fix_surrogates has nothing to do on valid UTF-8.
#pragma once

#include <unicode/unistr.h>

namespace pixart {

icu::UnicodeString ftfy_fix_text(const icu::UnicodeString& text);

}  // namespace pixart
