#include "fuzz_support.h"

#include "api/errors.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace pixart::fuzz {

namespace {

struct ScratchDir {
    std::string path;
    ScratchDir() {
        const char* tmp = std::getenv("TMPDIR");
        path = std::string(tmp && *tmp ? tmp : "/tmp") + "/pixart-fuzz-" +
               std::to_string(::getpid());
        std::filesystem::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

const std::string& scratch_dir() {
    static ScratchDir dir;
    return dir.path;
}

std::string write_scratch_file(const std::string& name, const std::uint8_t* data,
                               std::size_t size) {
    const std::string path = scratch_dir() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
    return path;
}

std::string write_scratch_file(const std::string& name, const std::string& text) {
    return write_scratch_file(name, reinterpret_cast<const std::uint8_t*>(text.data()),
                              text.size());
}

void expect_clear_error(const char* what, const std::function<void()>& parse) {
    try {
        parse();
    } catch (const pixart::Error& e) {
        if (e.kind() == ErrorKind::Internal) {
            std::fprintf(stderr, "fuzz: %s: internal error on this input: %s\n", what, e.what());
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz: %s: unexpected exception (not pixart::Error): %s\n", what,
                     e.what());
        std::abort();
    }
}

}  // namespace pixart::fuzz
