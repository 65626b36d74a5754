// Port of what diffusers' _clean_caption gets from `BeautifulSoup(caption, features="html.parser")
// .text` (bs4 4.11 on Python 3.11's html.parser): markup removed, character references decoded the
// way bs4's handlers do, whitespace-only strings collapsed, script/style/template/rt/rp text
// dropped. The html.parser tokenizer (feed + close) is followed step by step, quirks included
// ("a&b" -> "ab"). Not reproduced: bs4 raising on malformed "<![" sections (treated as a bogus
// comment here) and tree fix-ups other than "an end tag closes up to its start tag".
#pragma once

#include <unicode/unistr.h>

namespace pixart {

icu::UnicodeString html_to_text(const icu::UnicodeString& markup);

}  // namespace pixart
