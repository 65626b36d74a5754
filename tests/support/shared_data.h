// Where tests find ../shared (goldens, tiny model): $PIXART_SHARED_DIR, else the folder next to
// the checkout. Under CI=true a missing folder is a failure; elsewhere the test skips, saying why.
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace pixart::test {

std::string shared_dir();
bool shared_available();
bool running_in_ci();
std::string golden_path(const std::string& file);  // shared_dir()/golden/file
std::string tiny_model_dir();                      // shared_dir()/models/tiny-pixart-sigma
std::string missing_shared_message();

// A fresh empty folder under the system temp dir, removed by the caller's TempDir.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

}  // namespace pixart::test

// At the top of a test that reads ../shared.
#define PIXART_REQUIRE_SHARED()                                                   \
    do {                                                                          \
        if (!::pixart::test::shared_available()) {                                \
            if (::pixart::test::running_in_ci()) {                                \
                FAIL() << ::pixart::test::missing_shared_message();               \
            } else {                                                              \
                GTEST_SKIP() << ::pixart::test::missing_shared_message();         \
            }                                                                     \
        }                                                                         \
    } while (0)
