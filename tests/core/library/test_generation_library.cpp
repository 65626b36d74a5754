#include "api/generation_library.h"

#include <grp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/errors.h"
#include "library/history_database.h"
#include "library/sqlite_database.h"
#include "library_test_data.h"
#include "support/shared_data.h"

namespace fs = std::filesystem;
using pixart::Error;
using pixart::ErrorKind;
using pixart::GenerationLibrary;
using pixart::HistoryRecord;
using pixart::test::read_bytes;
using pixart::test::sample_record;
using pixart::test::TempDir;

namespace {

// Stands in for the PNG writer: a few bytes, so content can be checked.
std::function<void(const std::string&)> writer(const std::string& content) {
    return [content](const std::string& path) {
        std::ofstream out(path, std::ios::binary);
        out << content;
        if (!out) throw std::runtime_error("dummy writer failed");
    };
}

// Every regular file under the folder except the database and its journals.
std::vector<std::string> image_files(const std::string& folder) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file()) continue;
        const std::string name = entry.path().filename().string();
        if (name.rfind(GenerationLibrary::kDatabaseFileName, 0) == 0) continue;
        files.push_back(fs::relative(entry.path(), folder).generic_string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

HistoryRecord unstored(const std::string& prompt) {
    HistoryRecord r = sample_record(prompt, "2026-11-26T13:45:01.250Z");
    r.file.clear();
    return r;
}

void expect_error(const std::function<void()>& action, ErrorKind kind,
                  const std::string& fragment) {
    try {
        action();
        ADD_FAILURE() << "expected an error containing '" << fragment << "'";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(GenerationLibrary, AddWritesTheFileThenTheRow) {
    TempDir dir;
    GenerationLibrary library(dir.file("images"));
    EXPECT_TRUE(library.open_report().empty());
    EXPECT_TRUE(fs::exists(library.database_path()));

    std::string seen_path;
    const std::int64_t id = library.add(unstored("a cactus"), [&](const std::string& path) {
        seen_path = path;
        // The writer gets a temporary name in the final folder, with the final extension.
        EXPECT_EQ(fs::path(path).parent_path(), fs::path(dir.file("images/2026-11-26")));
        EXPECT_EQ(fs::path(path).extension(), ".png");
        std::ofstream(path, std::ios::binary) << "PNG bytes 1";
    });
    const std::optional<HistoryRecord> stored = library.get(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->file, "2026-11-26/20261126-134501-seed42.png");
    EXPECT_EQ(read_bytes(library.absolute_path(stored->file)), "PNG bytes 1");
    EXPECT_NE(seen_path, library.absolute_path(stored->file));
    EXPECT_FALSE(fs::exists(seen_path));
    EXPECT_EQ(image_files(library.folder()),
              (std::vector<std::string>{"2026-11-26/20261126-134501-seed42.png"}));

    // Same second, same seed: a new name; the first file is never overwritten.
    const std::int64_t id2 = library.add(unstored("a cactus again"), writer("PNG bytes 2"));
    EXPECT_EQ(library.get(id2)->file, "2026-11-26/20261126-134501-seed42-2.png");
    EXPECT_EQ(read_bytes(library.absolute_path(library.get(id)->file)), "PNG bytes 1");
    EXPECT_EQ(read_bytes(library.absolute_path(library.get(id2)->file)), "PNG bytes 2");
    EXPECT_EQ(library.reserve_image_path("2026-11-26T13:45:01Z", 42),
              "2026-11-26/20261126-134501-seed42-3.png");

    // An explicit name that is taken also moves on instead of overwriting.
    HistoryRecord named = unstored("named");
    named.file = "2026-11-26/20261126-134501-seed42.png";
    const std::int64_t id3 = library.add(named, writer("PNG bytes 3"));
    EXPECT_EQ(library.get(id3)->file, "2026-11-26/20261126-134501-seed42-3.png");
    EXPECT_EQ(read_bytes(library.absolute_path(library.get(id)->file)), "PNG bytes 1");
}

TEST(GenerationLibrary, EmptyCreatedBecomesNow) {
    TempDir dir;
    GenerationLibrary library(dir.path());
    HistoryRecord r = unstored("now");
    r.metadata.created.clear();
    r.metadata.seed = 18446744073709551615u;
    const std::int64_t id = library.add(r, writer("x"));
    const HistoryRecord stored = *library.get(id);
    const std::string& created = stored.metadata.created;
    ASSERT_EQ(created.size(), 24u) << created;  // 2026-11-26T13:45:01.123Z
    EXPECT_EQ(created.back(), 'Z');
    const std::string day = created.substr(0, 10);
    EXPECT_EQ(stored.file.substr(0, 11), day + "/");
    EXPECT_NE(stored.file.find("-seed18446744073709551615.png"), std::string::npos) << stored.file;
}

TEST(GenerationLibrary, ThrowingWriterLeavesNoRowAndNoFile) {
    TempDir dir;
    GenerationLibrary library(dir.path());
    try {
        library.add(unstored("doomed"), [](const std::string& path) {
            std::ofstream(path, std::ios::binary) << "half a PNG";
            throw std::runtime_error("encoder exploded");
        });
        ADD_FAILURE() << "expected the writer's exception";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "encoder exploded");  // the writer's own error, unchanged
    }
    EXPECT_EQ(library.count({}), 0);
    EXPECT_TRUE(image_files(library.folder()).empty());

    // A writer that writes nothing is an error too.
    expect_error([&] { library.add(unstored("silent"), [](const std::string&) {}); }, ErrorKind::Io,
                 "without writing");
    EXPECT_EQ(library.count({}), 0);
    EXPECT_TRUE(image_files(library.folder()).empty());
}

TEST(GenerationLibrary, FailedInsertKeepsTheImage) {
    TempDir dir;
    GenerationLibrary library(dir.path());
    {
        // Another connection makes every insert fail, as a full disk or a broken index would.
        pixart::library::SqliteDatabase other(
            library.database_path(), pixart::library::SqliteDatabase::Mode::ReadWriteCreate);
        other.exec(
            "CREATE TRIGGER refuse BEFORE INSERT ON generations "
            "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;");
    }
    try {
        library.add(unstored("precious"), writer("precious pixels"));
        ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("the image was saved"), std::string::npos) << message;
        EXPECT_NE(message.find("simulated failure"), std::string::npos) << message;
        EXPECT_NE(message.find("20261126-134501-seed42.png"), std::string::npos) << message;
    }
    EXPECT_EQ(library.count({}), 0);
    ASSERT_EQ(image_files(library.folder()),
              (std::vector<std::string>{"2026-11-26/20261126-134501-seed42.png"}));
    EXPECT_EQ(read_bytes(library.absolute_path("2026-11-26/20261126-134501-seed42.png")),
              "precious pixels");
}

TEST(GenerationLibrary, RemoveDeletesTheFileOnlyWhenAsked) {
    TempDir dir;
    GenerationLibrary library(dir.path());
    const std::int64_t keep = library.add(unstored("keep the file"), writer("a"));
    const std::int64_t drop = library.add(unstored("drop the file"), writer("b"));
    const std::string keep_file = library.absolute_path(library.get(keep)->file);
    const std::string drop_file = library.absolute_path(library.get(drop)->file);

    EXPECT_TRUE(library.remove(keep, false));
    EXPECT_TRUE(fs::exists(keep_file));
    EXPECT_TRUE(library.remove(drop, true));
    EXPECT_FALSE(fs::exists(drop_file));
    EXPECT_FALSE(library.remove(drop, true));
    EXPECT_EQ(library.count({}), 0);

    // A file already gone does not block removing its entry.
    const std::int64_t gone = library.add(unstored("gone"), writer("c"));
    fs::remove(library.absolute_path(library.get(gone)->file));
    EXPECT_TRUE(library.remove(gone, true));
}

// A run killed while writing left hidden temporaries in the library for ever; opening the
// library removes those older than an hour (younger ones may be another process's live write).
TEST(GenerationLibrary, OpeningRemovesOldLeftoversOfKilledWrites) {
    pixart::test::TempDir dir;
    const fs::path day = fs::path(dir.path()) / "2026-12-06";
    fs::create_directories(day);
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
    auto make = [&](const std::string& name, bool aged) {
        std::ofstream(day / name) << "x";
        if (aged) fs::last_write_time(day / name, old);
    };
    make(".20261206-101500-seed7.partial-1a2b3c.png", true);               // store()'s temporary
    make("..20261206-101500-seed7.partial-1a2b3c.png.4d5e6f.part", true);  // the writer's
    make(".20261206-101600-seed8.partial-7a8b9c.png", false);              // a live write elsewhere
    make("20261206-101400-seed6.png", true);                               // an image
    make(".hidden-note", true);                                            // not ours
    pixart::GenerationLibrary library(dir.path());
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(day)) left.push_back(e.path().filename());
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{".20261206-101600-seed8.partial-7a8b9c.png",
                                              ".hidden-note", "20261206-101400-seed6.png"}));
}

// The temporaries are named after their writer (".<stem>.partial-<pid>@<host>-<tag>.<ext>"): a
// younger one whose process on this machine is gone is removed at once; one of a live process,
// or of another machine (a shared folder), stays until it is an hour old.
TEST(GenerationLibrary, OpeningRemovesLeftoversOfWritersThatAreGone) {
    TempDir dir;
    std::string temporary;
    {
        GenerationLibrary library(dir.path());
        library.add(unstored("tagged"), [&](const std::string& path) {
            temporary = fs::path(path).filename();
            writer("x")(path);
        });
    }
    const std::size_t at = temporary.find(".partial-");
    ASSERT_NE(at, std::string::npos) << temporary;
    const std::string tag = temporary.substr(at + 9, temporary.find('-', at + 9) - at - 9);
    const std::string host = tag.substr(tag.find('@'));
    ASSERT_EQ(tag, std::to_string(::getpid()) + host) << temporary;

    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ASSERT_GT(child, 0);
    ::waitpid(child, nullptr, 0);  // a process that is gone
    const fs::path day = fs::path(dir.path()) / "2026-12-06";
    fs::create_directories(day);
    const std::string gone = std::to_string(child) + host;
    for (const std::string& name :
         {".a.partial-" + gone + "-01.png", "..a.partial-" + gone + "-01.png.02.part",
          ".b.partial-" + std::to_string(::getpid()) + host + "-03.png",
          ".c.partial-" + std::to_string(child) + "@00000000-04.png"})
        std::ofstream(day / name) << "x";
    GenerationLibrary library(dir.path());
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(day)) left.push_back(e.path().filename());
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{
                        ".b.partial-" + std::to_string(::getpid()) + host + "-03.png",
                        ".c.partial-" + std::to_string(child) + "@00000000-04.png"}));
}

// A run killed after an image was moved into place but before its history entry was written
// left an image the history did not know. The entry is journalled before the rename: the next
// open adopts the image when it is there and forgets the entry when it is not.
TEST(GenerationLibrary, OpeningCompletesAddsThatWereKilled) {
    TempDir dir;
    { GenerationLibrary library(dir.path()); }
    {
        pixart::library::HistoryDatabase db(
            (fs::path(dir.path()) / GenerationLibrary::kDatabaseFileName).string());
        HistoryRecord moved = unstored("moved into place, then killed");
        moved.file = "2026-11-26/moved.png";
        db.journal_pending(moved, "");
        fs::create_directories(fs::path(dir.path()) / "2026-11-26");
        std::ofstream(fs::path(dir.path()) / moved.file) << "pixels";
        HistoryRecord never = unstored("killed before the rename");
        never.file = "2026-11-26/never.png";
        db.journal_pending(never, "");
        EXPECT_EQ(db.count({}), 0);
    }
    GenerationLibrary library(dir.path());
    const auto records = library.list({});
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].file, "2026-11-26/moved.png");
    EXPECT_EQ(records[0].metadata.prompt, "moved into place, then killed");
    pixart::library::SqliteDatabase raw(library.database_path(),
                                        pixart::library::SqliteDatabase::Mode::ReadOnly);
    EXPECT_EQ(raw.query_int64("SELECT count(*) FROM pending_generations"), 0);
    // Adds go on as before, and leave no journal behind.
    library.add(unstored("after"), writer("y"));
    EXPECT_EQ(library.count({}), 2);
    EXPECT_EQ(raw.query_int64("SELECT count(*) FROM pending_generations"), 0);
}

// The writer completes its entry after another process's open adopted it: one entry, one id.
TEST(GenerationLibrary, AnAdoptedEntryIsNotAddedTwice) {
    TempDir dir;
    { GenerationLibrary library(dir.path()); }
    pixart::library::HistoryDatabase writer_db(
        (fs::path(dir.path()) / GenerationLibrary::kDatabaseFileName).string());
    HistoryRecord record = unstored("raced");
    record.file = "raced.png";
    writer_db.journal_pending(record, "");
    pixart::library::HistoryDatabase other(writer_db.path());
    EXPECT_EQ(other.recover_pending([](const std::string&) { return true; }), 1);
    const std::int64_t adopted = other.list({})[0].id;
    EXPECT_EQ(writer_db.complete_pending(record), adopted);
    EXPECT_EQ(writer_db.count({}), 1);
}

// Two writers (the studio and a batch run, say) add to one library while a third process opens
// it again and again (each open recovers the journal): every image gets exactly one entry, no
// journal row is left. Run under ThreadSanitizer too (docs/RELIABILITY.md).
TEST(GenerationLibrary, ConcurrentWritersAndOpensKeepEveryImage) {
    TempDir dir;
    { GenerationLibrary library(dir.path()); }
    constexpr int kPerWriter = 15;
    std::atomic<int> failures{0};
    std::atomic<bool> writing{true};
    auto write = [&](const std::string& who) {
        try {
            GenerationLibrary library(dir.path());
            for (int i = 0; i < kPerWriter; ++i)
                library.add(unstored(who + " " + std::to_string(i)), writer(who));
        } catch (const std::exception& e) {
            ADD_FAILURE() << who << ": " << e.what();
            ++failures;
        }
    };
    std::thread first(write, "first");
    std::thread second(write, "second");
    std::thread opener([&] {
        while (writing.load()) {
            try {
                GenerationLibrary library(dir.path());
            } catch (const std::exception& e) {
                ADD_FAILURE() << "open: " << e.what();
                ++failures;
            }
        }
    });
    first.join();
    second.join();
    writing.store(false);
    opener.join();
    ASSERT_EQ(failures.load(), 0);
    GenerationLibrary library(dir.path());
    EXPECT_EQ(library.count({}), 2 * kPerWriter);
    EXPECT_EQ(image_files(library.folder()).size(), std::size_t{2 * kPerWriter});
    pixart::library::SqliteDatabase raw(library.database_path(),
                                        pixart::library::SqliteDatabase::Mode::ReadOnly);
    EXPECT_EQ(raw.query_int64("SELECT count(*) FROM pending_generations"), 0);
    EXPECT_EQ(raw.query_int64("SELECT count(DISTINCT file) FROM generations"), 2 * kPerWriter);
}

TEST(GenerationLibrary, ForwardsQueries) {
    TempDir dir;
    GenerationLibrary library(dir.path());
    const std::int64_t a = library.add(unstored("red cactus"), writer("a"));
    library.add(unstored("red cactus"), writer("b"));
    library.add(unstored("blue lighthouse"), writer("c"));
    EXPECT_TRUE(library.set_favourite(a, true));
    pixart::HistoryQuery query;
    query.favourites_only = true;
    ASSERT_EQ(library.list(query).size(), 1u);
    EXPECT_EQ(library.list(query)[0].id, a);
    query = {};
    query.text = "light";
    EXPECT_EQ(library.count(query), 1);
    pixart::PromptQuery prompts;
    prompts.order = pixart::PromptOrder::MostUsed;
    ASSERT_EQ(library.prompt_usage(prompts).size(), 2u);
    EXPECT_EQ(library.prompt_usage(prompts)[0].prompt, "red cactus");
    EXPECT_EQ(library.prompt_usage(prompts)[0].uses, 2);
}

TEST(GenerationLibrary, ReopenAfterDamageReportsAndKeepsImages) {
    TempDir dir;
    std::string image;
    {
        GenerationLibrary library(dir.path());
        image = library.absolute_path(library.get(library.add(unstored("x"), writer("img")))->file);
    }
    std::ofstream(dir.file("history.sqlite"), std::ios::binary | std::ios::trunc)
        << std::string(4096, '\x01');
    fs::remove(dir.file("history.sqlite-wal"));
    GenerationLibrary library(dir.path());
    EXPECT_NE(library.open_report().find("No image file was touched"), std::string::npos)
        << library.open_report();
    EXPECT_EQ(read_bytes(image), "img");
    EXPECT_EQ(library.count({}), 0);
}

TEST(GenerationLibrary, BadInputIsRejectedBeforeWriting) {
    TempDir dir;
    GenerationLibrary library(dir.path());
    expect_error([&] { library.reserve_image_path("yesterday", 1); }, ErrorKind::InvalidArgument,
                 "ISO-8601");
    HistoryRecord bad_time = unstored("bad time");
    bad_time.metadata.created = "2026-11-26 13:45:01";
    expect_error([&] { library.add(bad_time, writer("x")); }, ErrorKind::InvalidArgument,
                 "ISO-8601");
    HistoryRecord escaping = unstored("escape");
    escaping.file = "../outside.png";
    expect_error([&] { library.add(escaping, writer("x")); }, ErrorKind::InvalidArgument, "'..'");
    HistoryRecord absolute = unstored("absolute");
    absolute.file = dir.file("absolute.png");
    expect_error([&] { library.add(absolute, writer("x")); }, ErrorKind::InvalidArgument,
                 "relative");
    expect_error([&] { library.add(unstored("no writer"), nullptr); }, ErrorKind::InvalidArgument,
                 "writer");
    EXPECT_EQ(library.count({}), 0);
    EXPECT_TRUE(image_files(library.folder()).empty());
}

TEST(GenerationLibrary, FolderThatCannotBeCreatedIsAnIoError) {
    TempDir dir;
    std::ofstream(dir.file("plain-file")) << "not a folder";
    expect_error([&] { GenerationLibrary library(dir.file("plain-file/library")); }, ErrorKind::Io,
                 "cannot create the library folder");
    expect_error([&] { GenerationLibrary library(dir.file("plain-file")); }, ErrorKind::Io,
                 "not a folder");
}

// Permission checks in a child process that is not root (root ignores permissions), so the
// test runs the same under a root CI container and a normal user. Prints what went wrong and
// exits 0 only when every refusal was the expected Io error.
bool expect_io_error_as_user(const std::function<void()>& action, const std::string& fragment) {
    try {
        action();
        std::fprintf(stderr, "no error (expected '%s')\n", fragment.c_str());
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Io &&
            std::string(e.what()).find(fragment) != std::string::npos) {
            return true;
        }
        std::fprintf(stderr, "unexpected error: %s\n", e.what());
    }
    return false;
}

void drop_root() {
    if (::geteuid() != 0) return;
    constexpr gid_t kNobodyGroup = 65534;
    constexpr uid_t kNobody = 65534;
    if (::setgroups(0, nullptr) != 0 || ::setgid(kNobodyGroup) != 0 || ::setuid(kNobody) != 0) {
        std::fprintf(stderr, "cannot drop root privileges\n");
        std::_Exit(2);
    }
}

TEST(GenerationLibrary, ReadOnlyFolderIsAnIoError) {
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::add);
    const std::string fresh = dir.file("read-only");
    fs::create_directory(fresh);
    fs::permissions(fresh, fs::perms::owner_read | fs::perms::owner_exec);

    const std::string existing = dir.file("existing");
    {
        GenerationLibrary library(existing);
        library.add(unstored("kept"), writer("pixels"));
    }
    fs::permissions(existing, fs::perms::owner_read | fs::perms::owner_exec |
                                  fs::perms::others_read | fs::perms::others_exec);

    EXPECT_EXIT(
        {
            drop_root();
            const bool ok =
                expect_io_error_as_user([&] { GenerationLibrary library(fresh); },
                                        "the library folder is not writable") &&
                expect_io_error_as_user([&] { GenerationLibrary library(existing); },
                                        "the library folder is not writable") &&
                expect_io_error_as_user([&] { GenerationLibrary library(fresh + "/sub"); },
                                        "cannot create the library folder");
            std::_Exit(ok ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
    EXPECT_TRUE(fs::is_empty(fresh));
    fs::permissions(existing, fs::perms::owner_all);
    GenerationLibrary reopened(existing);
    EXPECT_EQ(reopened.count({}), 1);
}

TEST(GenerationLibrary, ReadOnlyDatabaseFileIsAnIoError) {
    TempDir dir;
    const std::string folder = dir.file("library");
    { GenerationLibrary library(folder); }
    // The folder stays writable for the child; only the database file is protected.
    fs::permissions(dir.path(), fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::add);
    fs::permissions(folder, fs::perms::all);
    fs::permissions(dir.file("library/history.sqlite"),
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    EXPECT_EXIT(
        {
            drop_root();
            const bool ok = expect_io_error_as_user([&] { GenerationLibrary library(folder); },
                                                    "database cannot be written");
            std::_Exit(ok ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
}

}  // namespace
