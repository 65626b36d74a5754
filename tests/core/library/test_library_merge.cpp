// One library from many (issue 18): merge_library and the writer lock that keeps one batch
// writer per library folder.
#include "api/library_merge.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "api/errors.h"
#include "api/library_writer_lock.h"
#include "library_test_data.h"
#include "support/shared_data.h"

namespace fs = std::filesystem;
using pixart::Error;
using pixart::ErrorKind;
using pixart::GenerationLibrary;
using pixart::HistoryQuery;
using pixart::HistoryRecord;
using pixart::LibraryWriterLock;
using pixart::merge_library;
using pixart::test::read_bytes;
using pixart::test::sample_record;
using pixart::test::TempDir;

namespace {

std::int64_t add(GenerationLibrary& library, const HistoryRecord& record,
                 const std::string& content) {
    return library.add(
        record, [&](const std::string& path) { std::ofstream(path, std::ios::binary) << content; });
}

std::vector<HistoryRecord> all(const GenerationLibrary& library) {
    HistoryQuery query;
    query.limit = 0;
    return library.list(query);
}

// prompt -> file content, for every entry.
std::map<std::string, std::string> contents(const GenerationLibrary& library) {
    std::map<std::string, std::string> found;
    for (const HistoryRecord& r : all(library))
        found[r.metadata.prompt] = read_bytes(library.absolute_path(r.file));
    return found;
}

}  // namespace

TEST(LibraryMerge, ShardsBecomeOneLibraryAndMergingAgainAddsNothing) {
    TempDir dir;
    GenerationLibrary shard0(dir.path() + "/shard-0"), shard1(dir.path() + "/shard-1");
    add(shard0, sample_record("a fox", "2026-12-01T10:00:00.100Z"), "fox");
    add(shard0, sample_record("an owl", "2026-12-01T10:00:01.100Z"), "owl");
    HistoryRecord favourite = sample_record("a lemon", "2026-12-01T10:00:02.100Z");
    favourite.favourite = true;
    add(shard1, favourite, "lemon");
    // Same name in both shards (same second, same seed): the second copy gets the next free name.
    add(shard1, sample_record("a pear", "2026-12-01T10:00:00.900Z"), "pear");

    GenerationLibrary merged(dir.path() + "/merged");
    auto report = merge_library(merged, shard0.folder());
    EXPECT_EQ(report.added, 2);
    report = merge_library(merged, shard1.folder());
    EXPECT_EQ(report.added, 2);
    EXPECT_EQ(report.already_there, 0);
    EXPECT_TRUE(report.not_merged.empty());

    const std::map<std::string, std::string> expected = {
        {"a fox", "fox"}, {"an owl", "owl"}, {"a lemon", "lemon"}, {"a pear", "pear"}};
    EXPECT_EQ(contents(merged), expected);
    // Every field of a row comes over: settings, creation time, model, favourite, extra JSON.
    for (const HistoryRecord& r : all(merged)) {
        if (r.metadata.prompt != "a lemon") continue;
        EXPECT_TRUE(r.favourite);
        EXPECT_EQ(r.metadata.created, "2026-12-01T10:00:02.100Z");
        EXPECT_EQ(r.metadata.batch_size, 8);
        EXPECT_EQ(r.metadata.batch_index, 3);
        EXPECT_EQ(r.model_path, favourite.model_path);
        EXPECT_EQ(r.extra_json, favourite.extra_json);
        EXPECT_EQ(pixart::to_json(r.metadata), pixart::to_json(all(shard1).front().metadata));
    }

    // Again, and in the other order: nothing added, nothing lost.
    report = merge_library(merged, shard1.folder());
    EXPECT_EQ(report.added, 0);
    EXPECT_EQ(report.already_there, 2);
    report = merge_library(merged, shard0.folder());
    EXPECT_EQ(report.added, 0);
    EXPECT_EQ(report.already_there, 2);
    EXPECT_EQ(all(merged).size(), 4u);
    EXPECT_EQ(contents(merged), expected);
}

TEST(LibraryMerge, CarriesAFavouriteMarkToAnEntryAlreadyThere) {
    TempDir dir;
    GenerationLibrary source(dir.path() + "/source"), merged(dir.path() + "/merged");
    const std::int64_t id = add(source, sample_record("a fox"), "fox");
    merge_library(merged, source.folder());
    ASSERT_FALSE(all(merged).front().favourite);
    source.set_favourite(id, true);
    const auto report = merge_library(merged, source.folder());
    EXPECT_EQ(report.added, 0);
    EXPECT_EQ(report.favourites_marked, 1);
    EXPECT_TRUE(all(merged).front().favourite);
}

TEST(LibraryMerge, AnEntryWithoutItsImageIsNamedAndTheOthersAreMerged) {
    TempDir dir;
    GenerationLibrary source(dir.path() + "/source"), merged(dir.path() + "/merged");
    const std::int64_t gone = add(source, sample_record("gone", "2026-12-01T10:00:00.000Z"), "x");
    add(source, sample_record("kept", "2026-12-01T10:00:05.000Z"), "kept");
    fs::remove(source.absolute_path(source.get(gone)->file));

    const auto report = merge_library(merged, source.folder());
    EXPECT_EQ(report.added, 1);
    ASSERT_EQ(report.not_merged.size(), 1u);
    EXPECT_NE(report.not_merged[0].find("is missing"), std::string::npos) << report.not_merged[0];
    EXPECT_EQ(contents(merged), (std::map<std::string, std::string>{{"kept", "kept"}}));
}

TEST(LibraryMerge, RefusesItselfAndAFolderThatIsNoLibrary) {
    TempDir dir;
    GenerationLibrary merged(dir.path() + "/merged");
    add(merged, sample_record("a fox"), "fox");
    try {
        merge_library(merged, dir.path() + "/merged/.");
        FAIL() << "merged a library into itself";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    }
    fs::create_directories(dir.path() + "/empty");
    try {
        merge_library(merged, dir.path() + "/empty");
        FAIL() << "merged a folder without a history";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Io);
        EXPECT_NE(std::string(e.what()).find("not a library"), std::string::npos) << e.what();
    }
    EXPECT_EQ(all(merged).size(), 1u);
}

TEST(LibraryWriterLock, OneWriterPerFolderAndReleasedWhenDone) {
    TempDir dir;
    const std::string folder = dir.path() + "/library";
    {
        LibraryWriterLock first(folder, "pixart-cli batch shard-0-of-3");
        EXPECT_TRUE(fs::exists(first.path()));
        try {
            LibraryWriterLock second(folder, "pixart-cli batch shard-1-of-3");
            FAIL() << "two writers on one library";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Io);
            const std::string message = e.what();
            EXPECT_NE(message.find("pixart-cli batch shard-0-of-3"), std::string::npos) << message;
            EXPECT_NE(message.find("pid " + std::to_string(::getpid())), std::string::npos);
            EXPECT_NE(message.find("library merge"), std::string::npos) << message;
        }
    }
    EXPECT_FALSE(fs::exists(folder + "/" + LibraryWriterLock::kFileName));
    LibraryWriterLock again(folder, "pixart-cli library merge");  // free again
}

TEST(LibraryWriterLock, TakesOverTheLockOfADeadProcessButNotOfAnotherMachine) {
    TempDir dir;
    const std::string folder = dir.path() + "/library";
    fs::create_directories(folder);
    const std::string lock = folder + "/" + LibraryWriterLock::kFileName;
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);

    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);  // a pid that no longer runs: a killed batch
    std::ofstream(lock) << "host=" << host << "\npid=" << child
                        << "\nsince=2026-12-01T10:00:00.000Z\ncommand=pixart-cli batch\n";
    { LibraryWriterLock taken(folder, "pixart-cli batch"); }

    std::ofstream(lock) << "host=other-node-17\npid=" << child
                        << "\nsince=2026-12-01T10:00:00.000Z\ncommand=pixart-cli batch\n";
    try {
        LibraryWriterLock refused(folder, "pixart-cli batch");
        FAIL() << "took the lock of another machine";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("other-node-17"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(lock), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::exists(lock));  // never removed behind the other machine's back
}
