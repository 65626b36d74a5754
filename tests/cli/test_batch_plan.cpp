// How `pixart-cli batch` splits and resumes work (issue 18): images of jobs, shards from options
// and cluster environments, and the manifest of what is done.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "api/errors.h"
#include "batch_images.h"
#include "batch_manifest.h"
#include "batch_shard.h"
#include "command_line.h"
#include "support/shared_data.h"

namespace fs = std::filesystem;
using namespace pixart::cli;
using pixart::Error;
using pixart::ErrorKind;

namespace {

BatchShard shard_of(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& environment = {}) {
    const CommandLine cl(args, {"shard", "shards"}, {});
    return batch_shard_from(cl, [&](const char* name) -> const char* {
        const auto found = environment.find(name);
        return found == environment.end() ? nullptr : found->second.c_str();
    });
}

// The message of the InvalidArgument error `f` throws ("" when it throws none).
template <typename F>
std::string invalid(F f) {
    try {
        f();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument) << e.what();
        return e.what();
    }
    return "";
}

BatchJob job(std::vector<std::string> prompts, int images_per_prompt, std::uint64_t seed) {
    BatchJob j;
    j.request.prompts = std::move(prompts);
    j.request.images_per_prompt = images_per_prompt;
    j.request.seed = seed;
    return j;
}

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST(BatchShard, FromTheOption) {
    const BatchShard s = shard_of({"--shard", "1/3"});
    EXPECT_EQ(s.index, 1);
    EXPECT_EQ(s.count, 3);
    EXPECT_EQ(s.name(), "shard-1-of-3");
    EXPECT_TRUE(shard_of({}).whole());
    EXPECT_EQ(shard_of({}).name(), "all");
    EXPECT_EQ(shard_of({"--shard", "2/3", "--shards", "3"}).index, 2);
    for (const char* bad : {"3/3", "-1/3", "a/3", "1", "1/0", "1/x", "0/100001"})
        EXPECT_NE(invalid([&] { shard_of({"--shard", bad}); }), "") << bad;
    EXPECT_NE(invalid([] {
                  shard_of({"--shard", "1/3", "--shards", "4"});
              }).find("disagree"),
              std::string::npos);
    // --shards alone: which one?
    EXPECT_NE(invalid([] { shard_of({"--shards", "3"}); }).find("which shard"), std::string::npos);
}

TEST(BatchShard, FromASlurmArray) {
    // sbatch --array=4-6: task 5 is the second of three.
    BatchShard s = shard_of({}, {{"SLURM_ARRAY_TASK_ID", "5"},
                                 {"SLURM_ARRAY_TASK_MIN", "4"},
                                 {"SLURM_ARRAY_TASK_COUNT", "3"}});
    EXPECT_EQ(s.index, 1);
    EXPECT_EQ(s.count, 3);
    EXPECT_NE(s.source.find("SLURM_ARRAY_TASK_ID=5"), std::string::npos);
    // --array=0-8:4 (0, 4, 8): task 8 is the third.
    s = shard_of({}, {{"SLURM_ARRAY_TASK_ID", "8"},
                      {"SLURM_ARRAY_TASK_MIN", "0"},
                      {"SLURM_ARRAY_TASK_STEP", "4"},
                      {"SLURM_ARRAY_TASK_COUNT", "3"}});
    EXPECT_EQ(s.index, 2);
    // A re-submitted part of an array (--array=1 of 0-2) with --shards: the index itself.
    s = shard_of({"--shards", "3"}, {{"SLURM_ARRAY_TASK_ID", "1"},
                                     {"SLURM_ARRAY_TASK_MIN", "1"},
                                     {"SLURM_ARRAY_TASK_COUNT", "1"}});
    EXPECT_EQ(s.index, 1);
    EXPECT_EQ(s.count, 3);
    // ... and without --shards it cannot be right: refused, saying what to give.
    EXPECT_NE(invalid([] {
                  shard_of({}, {{"SLURM_ARRAY_TASK_ID", "1"},
                                {"SLURM_ARRAY_TASK_MIN", "0"},
                                {"SLURM_ARRAY_TASK_COUNT", "1"}});
              }).find("--shards"),
              std::string::npos);
    EXPECT_NE(invalid([] { shard_of({"--shards", "3"}, {{"SLURM_ARRAY_TASK_ID", "3"}}); }), "");
    EXPECT_NE(invalid([] { shard_of({}, {{"SLURM_ARRAY_TASK_ID", "x"}}); }), "");
    // --shard wins over the environment.
    EXPECT_EQ(shard_of({"--shard", "0/2"}, {{"SLURM_ARRAY_TASK_ID", "1"}}).index, 0);
}

TEST(BatchShard, FromAKubernetesIndexedJob) {
    EXPECT_NE(invalid([] {
                  shard_of({}, {{"JOB_COMPLETION_INDEX", "2"}});
              }).find("--shards N"),
              std::string::npos);
    const BatchShard s = shard_of({"--shards", "3"}, {{"JOB_COMPLETION_INDEX", "2"}});
    EXPECT_EQ(s.index, 2);
    EXPECT_EQ(s.count, 3);
}

TEST(BatchShard, RangesCoverEveryImageOnceInOrder) {
    for (std::size_t total = 0; total <= 40; ++total) {
        for (int count = 1; count <= 12; ++count) {
            std::size_t next = 0;
            for (int index = 0; index < count; ++index) {
                BatchShard s;
                s.index = index;
                s.count = count;
                const auto [first, last] = shard_range(total, s);
                EXPECT_EQ(first, next) << total << " " << index << "/" << count;
                EXPECT_LE(last - first, total / count + 1);
                EXPECT_GE(last - first, total / count);
                next = last;
            }
            EXPECT_EQ(next, total);
        }
    }
}

TEST(BatchImages, AJobOfSeveralImagesSplitsIntoSlicesOfItsNoise) {
    std::vector<BatchJob> jobs = {job({"a fox"}, 1, 7), job({"an owl", "a lemon"}, 3, 9)};
    jobs[1].name = "pair";
    const std::vector<BatchImage> images = expand_batch_jobs(jobs);
    ASSERT_EQ(images.size(), 7u);
    // One image: the job as it is (its own noise), no suffix.
    EXPECT_EQ(images[0].request.noise_batch_size, 0);
    EXPECT_EQ(images[0].file_stem, "0001-seed7");
    for (int i = 0; i < 6; ++i) {
        const BatchImage& image = images[1 + i];
        EXPECT_EQ(image.job, 1u);
        EXPECT_EQ(image.index, i);
        EXPECT_EQ(image.count, 6);
        EXPECT_EQ(image.images_per_prompt, 3);
        ASSERT_EQ(image.request.prompts.size(), 1u);
        EXPECT_EQ(image.request.prompts[0], i < 3 ? "an owl" : "a lemon");  // prompt-major
        EXPECT_EQ(image.request.images_per_prompt, 1);
        EXPECT_EQ(image.request.noise_batch_size, 6);
        EXPECT_EQ(image.request.noise_batch_index, i);
        EXPECT_EQ(image.request.seed, 9u);
        EXPECT_EQ(image.file_stem, "0002-pair-seed9_" + std::to_string(i));
    }
}

TEST(BatchImages, AnImageOfAnEarlierBatchKeepsItsSlice) {
    BatchJob again = job({"an owl"}, 1, 9);  // history --as-jobs: image 3 of a batch of 8
    again.request.noise_batch_size = 8;
    again.request.noise_batch_index = 3;
    const std::vector<BatchImage> images = expand_batch_jobs({again});
    ASSERT_EQ(images.size(), 1u);
    EXPECT_EQ(images[0].request.noise_batch_size, 8);
    EXPECT_EQ(images[0].request.noise_batch_index, 3);
}

TEST(BatchImages, AJobTooLargeForOneNoiseDrawIsRefused) {
    std::vector<std::string> prompts(40, "a fox");
    BatchJob big = job(prompts, 64, 1);
    big.line = 12;
    EXPECT_NE(invalid([&] { expand_batch_jobs({big}); }).find("line 12"), std::string::npos);
}

TEST(BatchImages, KeysTellImagesApartByEverythingThatMakesThem) {
    // Two lines alike but for the picture they start from, into a library only: two images.
    std::vector<BatchJob> jobs = {job({"a fox"}, 1, 7), job({"a fox"}, 1, 7)};
    jobs[0].init_image = "photos/fox-1.png";
    jobs[1].init_image = "photos/fox-2.png";
    const std::vector<BatchImage> images = expand_batch_jobs(jobs);
    const auto key = [&](std::size_t i, const std::string& file = "") {
        return batch_image_key(images[i], jobs[images[i].job], "model", file, true);
    };
    EXPECT_NE(key(0), key(1));
    EXPECT_EQ(key(0), batch_image_key(images[0], jobs[0], "model", "", true));  // stable
    // The same picture at another strength is another image.
    BatchJob stronger = jobs[0];
    stronger.request.strength = 0.3;
    EXPECT_NE(key(0),
              batch_image_key(expand_batch_jobs({stronger})[0], stronger, "model", "", true));
    // Identical lines are still two images (their places differ).
    const std::vector<BatchJob> twins = {job({"an owl"}, 1, 9), job({"an owl"}, 1, 9)};
    const std::vector<BatchImage> twin_images = expand_batch_jobs(twins);
    EXPECT_NE(batch_image_key(twin_images[0], twins[0], "model", "", true),
              batch_image_key(twin_images[1], twins[1], "model", "", true));
    // Other output, another key; other settings, another key.
    EXPECT_NE(key(0, "out/0001-seed7.png"), key(0, "out/0001-seed7.tif"));
    BatchJob more_steps = jobs[0];
    more_steps.request.steps = 31;
    EXPECT_NE(key(0),
              batch_image_key(expand_batch_jobs({more_steps})[0], more_steps, "model", "", true));
}

TEST(BatchManifest, WhatIsDoneStaysDoneWhileItsFilesAreThere) {
    pixart::test::TempDir dir;
    const std::string path = dir.file(".pixart-batch/shard-0-of-2.jsonl");
    const std::string a = R"({"file":"a.png"})", b = R"({"file":"b.png"})";
    write(dir.file("a.png"), "aaaa");
    write(dir.file("lib.png"), "library");
    {
        BatchManifest manifest(path, false);
        EXPECT_FALSE(manifest.done(a));
        manifest.record_storing(a, "2026-12-06T10:00:00.000Z");
        EXPECT_EQ(manifest.storing(a), "2026-12-06T10:00:00.000Z");
        manifest.record_done(a, {dir.file("a.png"), dir.file("lib.png")}, dir.file("lib.png"));
    }
    BatchManifest reopened(path, false);
    ASSERT_TRUE(reopened.done(a));
    EXPECT_EQ(*reopened.done(a),
              (std::vector<std::string>{dir.file("a.png"), dir.file("lib.png")}));
    EXPECT_FALSE(reopened.storing(a));  // done: nothing to look up
    EXPECT_EQ(reopened.library_file(a), dir.file("lib.png"));
    EXPECT_FALSE(reopened.done(b));

    // An image deleted from the library by its user stays done; a file of --out-dir deleted or
    // replaced is made again.
    fs::remove(dir.file("lib.png"));
    EXPECT_TRUE(reopened.done(a));
    write(dir.file("a.png"), "changed!");
    EXPECT_FALSE(reopened.done(a));
    fs::remove(dir.file("a.png"));
    EXPECT_FALSE(reopened.done(a));
}

TEST(BatchManifest, ATornLastLineIsIgnoredAndTheNextLineStartsOnItsOwn) {
    pixart::test::TempDir dir;
    const std::string path = dir.file("manifest.jsonl");
    const std::string a = R"({"file":"a.png"})", b = R"({"file":"b.png"})";
    write(dir.file("a.png"), "a");
    write(dir.file("b.png"), "b");
    {
        BatchManifest manifest(path, false);
        manifest.record_done(a, {dir.file("a.png")}, "");
    }
    std::ofstream(path, std::ios::app) << R"({"image":{"file":"b.png"},"state":"do)";  // killed
    {
        BatchManifest manifest(path, false);
        EXPECT_TRUE(manifest.done(a));
        EXPECT_FALSE(manifest.done(b));
        manifest.record_done(b, {dir.file("b.png")}, "");
    }
    BatchManifest reopened(path, false);
    EXPECT_TRUE(reopened.done(a));
    EXPECT_TRUE(reopened.done(b));
}

TEST(BatchManifest, RestartSetsTheOldOneAside) {
    pixart::test::TempDir dir;
    const std::string path = dir.file("manifest.jsonl");
    const std::string a = R"({"file":"a.png"})";
    write(dir.file("a.png"), "a");
    BatchManifest(path, false).record_done(a, {dir.file("a.png")}, "");
    BatchManifest restarted(path, true);
    EXPECT_FALSE(restarted.done(a));
    EXPECT_TRUE(fs::exists(path + ".old"));
}
