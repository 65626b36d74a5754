// The core's safetensors writer (--dump, the prompt cache): a bit-exact round trip, atomic
// replacement of a regular file, and anything else at the path (a pipe, a link, a folder) refused
// and left as it was, with no temporary file behind.
#include "loading/safetensors_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/errors.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> entries(const std::string& folder) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

TEST(SafetensorsWriter, RoundTripAndReplaceARegularFile) {
    pixart::test::TempDir dir;
    const auto path = dir.file("t.safetensors");
    std::ofstream(path) << "old";
    const auto a = torch::randn({3, 5});
    const auto b = torch::arange(7, torch::kInt64);
    pixart::write_safetensors(path, {{"a", a}, {"b", b}}, {{"note", "hi"}});
    const auto back = pixart::read_all_tensors(path);
    EXPECT_TENSOR_EQ(back.at("a"), a);
    EXPECT_TENSOR_EQ(back.at("b"), b);
    EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"t.safetensors"});
}

TEST(SafetensorsWriter, OnlyRegularFilesAreReplaced) {
    pixart::test::TempDir dir;
    const auto fifo = dir.file("pipe.safetensors");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    const auto link = dir.file("link.safetensors");
    ASSERT_EQ(::symlink("/dev/null", link.c_str()), 0);
    fs::create_directory(dir.file("folder.safetensors"));
    for (const auto& target : {fifo, link, dir.file("folder.safetensors")}) {
        try {
            pixart::write_safetensors(target, {{"a", torch::zeros({2})}});
            ADD_FAILURE() << target << " was replaced";
        } catch (const pixart::Error& e) {
            EXPECT_EQ(e.kind(), pixart::ErrorKind::Io);
            EXPECT_NE(std::string(e.what()).find("is not a regular file"), std::string::npos)
                << e.what();
        }
    }
    struct stat info {};
    ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode));
    ASSERT_EQ(::lstat(link.c_str(), &info), 0);
    EXPECT_TRUE(S_ISLNK(info.st_mode));
    EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"folder.safetensors",
                                                            "link.safetensors",
                                                            "pipe.safetensors"}));
}

}  // namespace
