// clean_caption's URL and file-name patterns run as RunPrefixedRegex (linear time) instead of on
// ICU's backtracking engine (quadratic on a long word, issue 13 item 5). They must find exactly
// the matches the reference pattern finds: compared on hand-picked captions and on thousands of
// random strings over the characters those patterns care about.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "text/caption_cleaner.h"
#include "text/python_regex.h"
#include "text/python_string.h"
#include "text/run_prefixed_regex.h"

namespace {

using pixart::CaptionCleaner;
using pixart::PythonRegex;
using pixart::RunPrefixedRegex;

std::string by_reference(const RunPrefixedRegex& regex, const std::string& text) {
    const PythonRegex reference(regex.reference_pattern());
    return pixart::python_string::to_utf8(
        reference.sub(pixart::python_string::from_utf8(text), ""));
}

std::string linear(const RunPrefixedRegex& regex, const std::string& text) {
    return pixart::python_string::to_utf8(
        regex.remove_all(pixart::python_string::from_utf8(text)));
}

TEST(RunPrefixedRegex, TheCleanersPatternsStandForTheUpstreamOnes) {
    const auto& patterns = CaptionCleaner::linear_patterns();
    ASSERT_EQ(patterns.size(), 3u);
    EXPECT_EQ(patterns[0]->reference_pattern(),
              R"(\b(?:https?:(?:\/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@)))");
    EXPECT_EQ(patterns[1]->reference_pattern(),
              R"(\b(?:www:(?:\/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@)))");
    EXPECT_EQ(patterns[2]->reference_pattern(),
              R"((?:[\S]+\.(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)))");
}

TEST(RunPrefixedRegex, RemovesWhatTheReferenceRemovesOnCaptions) {
    const char* captions[] = {
        "see https://example.com/a?b=1 and http:x now",
        "visit www.site.org/page/ or shop.example.co.uk today",
        "mail me@example.com, not a.b.c.com@x",
        "a.a.a.a.a.com.com.net/x-y_z/ end",
        "https:///triple http://",
        "photo IMG_1234.JPG img_1.jpg file.name.png.txt x.pngy a.jpeg.jpg",
        "some.com/\xc3\xa9t\xc3\xa9 caf\xc3\xa9.com \xf0\x9f\xa6\x8a.png",
        "", ".", ".com", "a.com", "-.com", "..com.", "a .png", "a..png", ".png.png",
    };
    for (const RunPrefixedRegex* regex : CaptionCleaner::linear_patterns())
        for (const char* caption : captions)
            EXPECT_EQ(linear(*regex, caption), by_reference(*regex, caption))
                << regex->reference_pattern() << " on \"" << caption << "\"";
}

TEST(RunPrefixedRegex, RemovesWhatTheReferenceRemovesOnRandomStrings) {
    // The characters that start, continue or end these patterns, and some that break them.
    const std::vector<std::string> pieces = {
        "a", "b", "h", "t", "p", "s", "w", "c", "o", "m", "n", "e", "g", "j", "r", "u", "1",
        "%", ".", "-", "_", "/", ":", "@", " ", "\t", "http", "https", "www", ".com", ".co",
        ".org", ".it", ".png", ".jpg", ".jpeg", ".mp4", "://", "\xc3\xa9", "\xf0\x9f\xa6\x8a"};
    std::mt19937 rng(20261206);
    std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1);
    std::uniform_int_distribution<int> length(0, 24);
    int compared = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string text;
        for (int n = length(rng); n > 0; --n) text += pieces[piece(rng)];
        for (const RunPrefixedRegex* regex : CaptionCleaner::linear_patterns()) {
            ASSERT_EQ(linear(*regex, text), by_reference(*regex, text))
                << regex->reference_pattern() << " on \"" << text << "\"";
            ++compared;
        }
    }
    EXPECT_EQ(compared, 4500);
}

TEST(RunPrefixedRegex, ALongWordIsCleanedAsShortOnesAre) {
    // 16 KiB of "a.a.a…" took ~60 s on the backtracking engine; cleaned, it is what the cleaner
    // makes of the short form ("a.a.a.a. x" -> "a. a. a. a. x"): no URL, no file name in it.
    std::string word, expected;
    for (int i = 0; i < 8192; ++i) {
        word += "a.";
        expected += "a. ";
    }
    EXPECT_EQ(CaptionCleaner::clean("a.a.a.a. x"), "a. a. a. a. x");
    EXPECT_TRUE(linear(*CaptionCleaner::linear_patterns()[0], word) == word);
    EXPECT_EQ(linear(*CaptionCleaner::linear_patterns()[2], word + "png"), "");
    EXPECT_TRUE(CaptionCleaner::clean(word + " x") == expected + "x");
}

}  // namespace
