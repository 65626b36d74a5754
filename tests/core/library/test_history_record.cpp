#include "api/history_record.h"

#include <gtest/gtest.h>

#include <chrono>

#include "api/errors.h"
#include "api/generation_metadata.h"
#include "library/fts_match.h"
#include "library/history_database.h"
#include "library/utc_timestamp.h"
#include "support/shared_data.h"

using pixart::GenerationRequest;
using pixart::HistoryRecord;
using pixart::library::fts_match_expression;
using pixart::library::HistoryDatabase;
using pixart::library::parse_utc_timestamp;

namespace {

TEST(HistoryRecord, RequestRoundTripForUseAgain) {
    GenerationRequest request;
    request.prompts = {"first prompt", "second prompt"};
    request.negative_prompt = "ugly";
    request.seed = 4294967295u;
    request.steps = 33;
    request.guidance_scale = 6.5;
    request.width = 768;
    request.height = 1024;
    request.resolution_binning = false;
    request.images_per_prompt = 3;
    request.clean_caption = true;
    request.max_sequence_length = 120;
    request.sampler = "dpm++2m";

    // The history stores the image's metadata and gives it back for "use again".
    HistoryRecord record;
    record.metadata = pixart::metadata_for(request, 1, 2, "tiny");
    pixart::test::TempDir dir;
    HistoryDatabase db(dir.file("history.sqlite"));
    const HistoryRecord stored = *db.get(db.insert(record));
    EXPECT_EQ(stored.metadata.prompt, "second prompt");
    EXPECT_EQ(stored.metadata.batch_index, 5);  // prompt-major: 1 * 3 + 2
    EXPECT_EQ(stored.metadata.seed, 4294967295u);

    const GenerationRequest again = pixart::request_from_metadata(stored.metadata);
    EXPECT_EQ(again.prompts, (std::vector<std::string>{"second prompt"}));
    EXPECT_EQ(again.negative_prompt, request.negative_prompt);
    EXPECT_EQ(again.seed, request.seed);
    EXPECT_EQ(again.steps, request.steps);
    EXPECT_EQ(again.guidance_scale, request.guidance_scale);
    EXPECT_EQ(again.width, request.width);
    EXPECT_EQ(again.height, request.height);
    EXPECT_EQ(again.resolution_binning, request.resolution_binning);
    // One image, its noise drawn as the whole batch (2 prompts × 3) and sliced at image 5.
    EXPECT_EQ(stored.metadata.batch_size, 6);
    EXPECT_EQ(again.images_per_prompt, 1);
    EXPECT_EQ(again.noise_batch_size, 6);
    EXPECT_EQ(again.noise_batch_index, 5);
    EXPECT_EQ(again.clean_caption, request.clean_caption);
    EXPECT_EQ(again.max_sequence_length, request.max_sequence_length);
    EXPECT_EQ(again.sampler, request.sampler);

    EXPECT_THROW(pixart::metadata_for(request, 2, 0, "tiny"), pixart::Error);
    EXPECT_THROW(pixart::metadata_for(request, 0, 3, "tiny"), pixart::Error);
    EXPECT_THROW(pixart::metadata_for(request, 0, -1, "tiny"), pixart::Error);
}

TEST(HistoryRecord, TimestampsAreFixedWidthUtc) {
    using namespace std::chrono;
    const system_clock::time_point t = system_clock::time_point(seconds(1795700701)) +
                                       milliseconds(7);  // 2026-11-26T13:45:01.007Z
    EXPECT_EQ(pixart::library::format_utc_timestamp(t), "2026-11-26T13:45:01.007Z");
    const std::string now = pixart::current_utc_timestamp();
    EXPECT_EQ(now.size(), 24u);
    EXPECT_TRUE(parse_utc_timestamp(now).has_value()) << now;

    EXPECT_TRUE(parse_utc_timestamp("2026-11-26T13:45:01Z").has_value());
    EXPECT_EQ(parse_utc_timestamp("2026-11-26T13:45:01.5Z")->millisecond, 500);
    EXPECT_FALSE(parse_utc_timestamp("2026-11-26T13:45:01").has_value());        // no zone
    EXPECT_FALSE(parse_utc_timestamp("2026-11-26T13:45:01+01:00").has_value());  // not UTC
    EXPECT_FALSE(parse_utc_timestamp("2026-13-26T13:45:01Z").has_value());
    EXPECT_FALSE(parse_utc_timestamp("2026-11-26T13:45:01.Z").has_value());
    EXPECT_FALSE(parse_utc_timestamp("").has_value());
}

TEST(FtsMatch, QuotesEveryWordAsAPrefixString) {
    EXPECT_EQ(fts_match_expression("cat hat"), "\"cat\"* AND \"hat\"*");
    EXPECT_EQ(fts_match_expression("  say \"hi\"  "), "\"say\"* AND \"\"\"hi\"\"\"*");
    EXPECT_EQ(fts_match_expression("OR NOT"), "\"OR\"* AND \"NOT\"*");
    EXPECT_EQ(fts_match_expression("cat", "prompt"), "prompt : \"cat\"*");
    EXPECT_EQ(fts_match_expression("кот"), "\"кот\"*");
    EXPECT_EQ(fts_match_expression("\" ( ) * - ^"), "");
    EXPECT_EQ(fts_match_expression(""), "");
}

}  // namespace
