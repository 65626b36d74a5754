// The Python-exact text preprocessing of the T5 tokenizer, against values produced by the
// reference implementations (Python 3.11.2: str, html, urllib.parse; bs4 4.11.2 html.parser;
// ftfy 6.2.3; diffusers v0.30.3 _clean_caption). No model needed.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "api/errors.h"
#include "text/caption_cleaner.h"
#include "text/ftfy_fix_text.h"
#include "text/html_entities.h"
#include "text/html_text.h"
#include "text/python_regex.h"
#include "text/python_string.h"

namespace ps = pixart::python_string;

namespace {

using Cases = std::vector<std::pair<std::string, std::string>>;

// (input, expected) pairs; `fn` maps UTF-8 to UTF-8.
template <typename Fn>
void expect_all(const Cases& cases, Fn fn) {
    for (const auto& [input, expected] : cases)
        EXPECT_EQ(fn(input), expected) << "input: " << input;
}

std::string via_icu(const std::string& text, icu::UnicodeString (*fn)(const icu::UnicodeString&)) {
    return ps::to_utf8(fn(ps::from_utf8(text)));
}

}  // namespace

TEST(PythonString, LowerIsUnicodeAware) {
    expect_all({{u8"ÅNGSTRÖM Ünïcödé ČŠŽ", u8"ångström ünïcödé čšž"},
                {u8"ΌΣΟΣ ΣΑΣ.", u8"όσος σας."},  // final sigma
                {u8"İ", u8"i\u0307"},            // full (special) case mapping
                {u8"ＡＢＣ ẞ", u8"ａｂｃ ß"}},
               [](const std::string& s) { return via_icu(s, ps::lower); });
}

TEST(PythonString, StripRemovesAllUnicodeWhitespace) {
    expect_all({{" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f x y \u00a0\u2028\u3000\u2003", "x y"},
                {u8"\u200bx\u200b", u8"\u200bx\u200b"},  // ZERO WIDTH SPACE is not whitespace
                {"   ", ""}},
               [](const std::string& s) { return via_icu(s, ps::strip); });
    EXPECT_EQ(via_icu("  a b  ", ps::lstrip), "a b  ");
    EXPECT_EQ(via_icu("  a b  ", ps::rstrip), "  a b");
}

TEST(PythonString, UnquotePlus) {
    expect_all(
        {
            {"a+b%20c", "a b c"},
            {"%C3%A9%e4%b8%ad", u8"é中"},
            {"%E4%B8", u8"�"},
            {"%zz%4", "%zz%4"},
            {u8"é%41", u8"éA"},
        },
        [](const std::string& s) { return via_icu(s, ps::unquote_plus); });
}

TEST(HtmlEntities, UnescapeLikePython) {
    expect_all(
        {
            {"&amp;&amp&AMP;", "&&&"},
            {"&notit; &notin; &not", u8"¬it; ∉ ¬"},
            {"&#65;&#x41;&#X41&#0;&#128;&#xD800;&#1114112;&#1;&#xFFFF;", u8"AAA�€��"},
            {"&bogus; & &# &#x;", "&bogus; & &# &#x;"},
            {"&Eacute;&eacute&eacutex", u8"Éééx"},
        },
        [](const std::string& s) { return via_icu(s, pixart::html_entities::unescape); });
}

TEST(HtmlText, MatchesBeautifulSoupHtmlParser) {
    expect_all(
        {
            {"a<script>x<b>y</b></script>b<!--c-->d<?pi?>e<!DOCTYPE x>f<![CDATA[g]]>h", "abdefgh"},
            {"a < b <3 x<y", "a < b <3 x<y"},
            {"x &amp y &amp; &lt;b&gt; &#65; &#x41; &notit; &bogus; &#128;",
             u8"x & y & <b> A A &notit &bogus €"},
            {"<b", "<b"},
            {"a</b", "a</b"},
            {"a<style>q</style>z<template>t</template>", "az"},
            {"<!-- unclosed", "<!-- unclosed"},
            {"q</ b>r", "qr"},
            {"a<b/>c", "ac"},
            {"x&#xZZ;y", "x&#xZZ;y"},
            {"&#1234567890;", u8"�"},
            {"ab&ampcd", "ab&ampcd"},
            {"a&amp;amp;b", "a&amp;b"},
            {"a&b", "ab"},
            {"a<b>   </b>c", "a c"},
            {"a<b> \n  </b>c", "a\nc"},
            {"<pre>   </pre>z", "   z"},
            {"a<i>x<rt>y</i>z</rt>w", "axzw"},
            {"a <b c=\"x", "a <b c=\"x"},
            {"a<b x=\"1\"y>c", "ac"},
            {"a &#x y &amp c", "a &#x y &amp c"},
            {"a &#x b &amp; c", "a &#x b & c"},
            {"a<rt><![CDATA[z]]></rt>", "az"},
            {u8"&eacute😎", u8"é😎"},
            {"   ", " "},
        },
        [](const std::string& s) { return via_icu(s, pixart::html_to_text); });
}

TEST(FtfyFixText, PortedFixers) {
    expect_all(
        {
            {u8"ﬁne ﬂow ﬀ Ĳ ǅ", u8"fine flow ff IJ Dž"},
            {u8"ＦＵＬＬ\u3000ｗｉｄｔｈ ｶﾀｶﾅ", u8"FULL width カタカナ"},
            {u8"“curly” ‘quotes’ ʼ", "\"curly\" 'quotes' '"},
            {u8"line\r\nbreak\rmac\u2028sep\u0085nel", u8"line\nbreak\nmac\nsep…nel"},
            {"\x1b"
             "[36;44mblue\x1b"
             "[0m",
             "blue"},
            {u8"ctrl\x07"
             "\x0b"
             "\uFEFF\u206A￼chars",
             "ctrlchars"},
            {u8"e\u0301 NFC", u8"é NFC"},
            {"&eacute; &EACUTE; &#233; &#xE9; &amp;amp;", u8"é É é é &"},
            {"no <b>&amp;</b> unescape\nafter &amp;", "no <b>&amp;</b> unescape\nafter &amp;"},
            {u8"c1 \u0080 \u0093x\u0094", u8"c1 € \"x\""},
        },
        [](const std::string& s) { return via_icu(s, pixart::ftfy_fix_text); });
}

TEST(CaptionCleaner, OnePassMatchesDiffusers) {
    expect_all(
        {
            {"Visit https://example.com/a-b?x=1 or www.shop.net/item now!", "visit ?x=1 or now!"},
            {"<person> at @john_doe #123 #12345 #tag 1234567 IMG_0001.JPG", "person at tag"},
            {u8"Ōsaka 東京タワー ㈱ ㍿ 一二三", u8"ōsaka タワー"},
            {u8"dash — en – minus − ‐ fullwidth － wave 〜", u8"dash en minus − fullwidth wave"},
            {u8"«quoted» “double” ‘single’ `tick´ ¨", "quoted\" \"double\" 'single' \"tick\""},
            {"&quot;hi&quot; &amp; bye &amp;amp; &lt;b&gt;", "\"hi\" bye ; <b>"},
            {"ip 192.168.0.1 and 1:23  ", "ip and 1:23"},
            {"literal \\n newline and \"\" quotes ''", "literal newline and \" quotes \""},
            {"dots... and . spaced . dots", "dots and spaced dots"},
            {u8"***SALE*** ©2020 ®™ ½ ¾ ~ | \\ / { } [ ]", "sale 2020"},
            {"this-is-my-cute-cat_and_more", "this is my cute cat and more"},
            {"this-is-ok", "this-is-ok"},
            {u8"ﬁne ＡＢＣ１２３ jc6640 jc6640vc 6640vc231 j2d1a2a3", "fine"},
            {"free shipping worldwide free shipping download free click on this png images page 12",
             ""},
            {u8"10x20 3.5×4 2х3", ""},
            {"word : colon,comma.dot/slash", "word: colon, comma. dot slash"},
            {"\"whole quoted\"", "whole quoted"},
            {"'start", "start"},
            {"end-", "end"},
            {":colon", "colon"},
            {".hidden", ""},
            {"C%2B%2B+is%20fun %E4%B8%AD", "c++ is fun"},
            {u8"  MiXeD CaSe ÅNGSTRÖM  ", u8"mixed case ångström"},
            {u8"a\u2028b\u0085c\r\nd", u8"a b…c d"},
            {"\x1b"
             "[31mred\x1b"
             "[0m text",
             "31mred 0m text"},
        },
        pixart::CaptionCleaner::clean);
}

TEST(PythonRegex, PythonCharacterClasses) {
    // Python's \w has no combining marks but has superscript digits; \s has U+001C..U+001F.
    const pixart::PythonRegex word(R"(\w+)");
    EXPECT_EQ(ps::to_utf8(word.sub(ps::from_utf8(u8"e\u0301x²_"), "W")), u8"W\u0301W");
    const pixart::PythonRegex space(R"(\s+)");
    EXPECT_EQ(ps::to_utf8(space.sub(ps::from_utf8("a\x1c\u00a0b\u200bc"), "_")), u8"a_b\u200bc");
    const pixart::PythonRegex boundary(R"(\bx\b)");
    EXPECT_EQ(ps::to_utf8(boundary.sub(ps::from_utf8(u8"x xy \u0301x"), "_")), u8"_ xy \u0301_");
    EXPECT_EQ(pixart::PythonRegex("[-_]").count(ps::from_utf8("a-b_c-")), 3);
    EXPECT_THROW(pixart::PythonRegex("(unclosed"), pixart::Error);
}
