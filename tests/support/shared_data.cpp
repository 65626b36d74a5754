#include "support/shared_data.h"

#include <cstdlib>
#include <filesystem>
#include <random>

namespace fs = std::filesystem;

namespace pixart::test {

std::string shared_dir() {
    if (const char* env = std::getenv("PIXART_SHARED_DIR"); env != nullptr && *env != '\0') return env;
    return PIXART_DEFAULT_SHARED_DIR;
}

bool shared_available() {
    std::error_code ec;
    return fs::is_directory(fs::path(shared_dir()) / "golden", ec) &&
           fs::is_directory(fs::path(shared_dir()) / "models" / "tiny-pixart-sigma", ec);
}

bool running_in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

std::string golden_path(const std::string& file) { return (fs::path(shared_dir()) / "golden" / file).string(); }

std::string tiny_model_dir() { return (fs::path(shared_dir()) / "models" / "tiny-pixart-sigma").string(); }

std::string missing_shared_message() {
    return "shared test data not found at '" + shared_dir() +
           "' (set PIXART_SHARED_DIR to the folder holding golden/ and models/)";
}

TempDir::TempDir() {
    std::random_device rd;
    const fs::path base = fs::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        const fs::path candidate = base / ("pixart-test-" + std::to_string(rd()));
        std::error_code ec;
        if (fs::create_directory(candidate, ec)) {
            path_ = candidate.string();
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
}

}  // namespace pixart::test
