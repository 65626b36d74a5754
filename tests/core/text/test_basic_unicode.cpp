// basic_unicode (the ICU-free str.lower()/strip() of builds without ICU) against Python's values,
// and, where this build has ICU, against ICU's exact mapping on every golden prompt.
#include "text/basic_unicode.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#if PIXART_WITH_ICU
#include "text/python_string.h"
#endif

namespace bu = pixart::basic_unicode;

namespace {

// (input, Python 3.11 str.lower()) pairs.
const std::vector<std::pair<std::string, std::string>> kLower = {
    {"A Small CACTUS", "a small cactus"},
    {"ÅNGSTRÖM Ünïcödé", "ångström ünïcödé"},
    {"ΟΔΥΣΣΕΥΣ", "οδυσσευς"},  // final sigma at the end only
    {"ΣΑΣ.", "σας."},
    {"İstanbul", "i̇stanbul"},  // 'İ' -> 'i' + U+0307
    {"ДОБРЫЙ ВЕЧЕР", "добрый вечер"},
    {"ＡＢＣ", "ａｂｃ"},  // fullwidth
    {"東京 TOKYO", "東京 tokyo"},
    {"\xff bad", "\xef\xbf\xbd bad"},  // ill-formed UTF-8 -> U+FFFD
};

const std::vector<std::pair<std::string, std::string>> kStrip = {
    {"  a cat \t\n", "a cat"},
    {"\xe3\x80\x80x\xe2\x80\xa9", "x"},  // U+3000 ideographic space, U+2029 paragraph separator
    {"\xc2\xa0y\xc2\x85", "y"},          // NBSP, NEL
    {"\xe2\x80\x8bz", "\xe2\x80\x8bz"},  // U+200B zero width space is NOT whitespace in Python
    {"", ""},
    {" \t ", ""},
};

}  // namespace

TEST(BasicUnicode, LowerMatchesPython) {
    for (const auto& [input, expected] : kLower) EXPECT_EQ(bu::lower(input), expected) << input;
}

TEST(BasicUnicode, StripMatchesPython) {
    for (const auto& [input, expected] : kStrip) EXPECT_EQ(bu::strip(input), expected) << input;
    EXPECT_EQ(bu::lstrip("  a b  "), "a b  ");
    EXPECT_EQ(bu::rstrip("  a b  "), "  a b");
    EXPECT_TRUE(bu::is_space(0x3000));
    EXPECT_FALSE(bu::is_space(0x200B));
}

#if PIXART_WITH_ICU
// Latin, Greek, Cyrillic, Armenian, Georgian, fullwidth and Deseret capitals: the C library's
// tables agree with ICU's full mapping wherever Python's lower() is a one-character mapping.
TEST(BasicUnicode, AgreesWithIcuOnEveryAlphabet) {
    namespace ps = pixart::python_string;
    std::string text;
    for (char32_t c : {0x41, 0xC0, 0x100, 0x181, 0x391, 0x400, 0x531, 0x10A0, 0x1E00, 0x1F08,
                       0x2160, 0x24B6, 0xFF21, 0x10400}) {
        for (char32_t k = 0; k < 26; ++k) {
            const auto icu = ps::to_utf8(icu::UnicodeString(static_cast<UChar32>(c + k)));
            text += icu + " ";
        }
    }
    EXPECT_EQ(bu::lower(text), ps::to_utf8(ps::lower(ps::from_utf8(text))));
    EXPECT_EQ(bu::strip(" \xe3\x80\x80 a \xe2\x80\xa8"),
              ps::to_utf8(ps::strip(ps::from_utf8(" \xe3\x80\x80 a \xe2\x80\xa8"))));
}
#endif
